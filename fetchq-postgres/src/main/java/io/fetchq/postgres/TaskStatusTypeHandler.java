package io.fetchq.postgres;

import io.fetchq.TaskStatus;
import java.sql.CallableStatement;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.apache.ibatis.type.BaseTypeHandler;
import org.apache.ibatis.type.JdbcType;

/** Stores a {@link TaskStatus} as its stable code in a {@code smallint}. */
final class TaskStatusTypeHandler extends BaseTypeHandler<TaskStatus> {

  @Override
  public void setNonNullParameter(PreparedStatement ps, int i, TaskStatus value, JdbcType jdbcType)
      throws SQLException {
    ps.setShort(i, (short) value.code());
  }

  @Override
  public TaskStatus getNullableResult(ResultSet rs, String column) throws SQLException {
    short code = rs.getShort(column);
    return rs.wasNull() ? null : TaskStatus.ofCode(code);
  }

  @Override
  public TaskStatus getNullableResult(ResultSet rs, int index) throws SQLException {
    short code = rs.getShort(index);
    return rs.wasNull() ? null : TaskStatus.ofCode(code);
  }

  @Override
  public TaskStatus getNullableResult(CallableStatement cs, int index) throws SQLException {
    short code = cs.getShort(index);
    return cs.wasNull() ? null : TaskStatus.ofCode(code);
  }
}
