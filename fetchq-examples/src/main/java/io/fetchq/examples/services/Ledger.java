package io.fetchq.examples.services;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * The application's own service: accounts and the payments charged to them, in the application's
 * tables, written in the application's own transactions. A payment is recorded at most once (its id
 * is the key), so a retried charge never charges twice.
 */
public final class Ledger {
  private final DataSource dataSource;
  private final String schema;

  /** The ledger in {@code schema} (a checked identifier) of {@code dataSource}. */
  public Ledger(DataSource dataSource, String schema) {
    this.dataSource = dataSource;
    this.schema = schema;
  }

  /** Creates the tables and opens an account with {@code balance}. */
  public void open(String account, long balance) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS " + schema + ".account (id text PRIMARY KEY,"
          + " balance bigint NOT NULL CHECK (balance >= 0))");
      s.execute("CREATE TABLE IF NOT EXISTS " + schema + ".payment (id text PRIMARY KEY,"
          + " account text NOT NULL REFERENCES " + schema + ".account, amount bigint NOT NULL)");
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + schema + ".account VALUES (?, ?)")) {
        insert.setString(1, account);
        insert.setLong(2, balance);
        insert.executeUpdate();
      }
    }
  }

  /**
   * Records payment {@code id} and takes {@code amount} from {@code account}, both or neither, in
   * one transaction. Returns false when the payment was recorded before (nothing changes).
   *
   * @throws SQLException when the account would go below zero; nothing is written
   */
  public boolean charge(String id, String account, long amount) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement record = c.prepareStatement(
              "INSERT INTO " + schema + ".payment VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING");
          PreparedStatement take = c.prepareStatement(
              "UPDATE " + schema + ".account SET balance = balance - ? WHERE id = ?")) {
        record.setString(1, id);
        record.setString(2, account);
        record.setLong(3, amount);
        if (record.executeUpdate() == 0) {
          c.rollback();
          return false;
        }
        take.setLong(1, amount);
        take.setString(2, account);
        take.executeUpdate();
        c.commit();
        return true;
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    }
  }

  /** The balance of {@code account}. */
  public long balance(String account) throws SQLException {
    return queryLong("SELECT balance FROM " + schema + ".account WHERE id = ?", account);
  }

  /** How many payments were recorded against {@code account}. */
  public long payments(String account) throws SQLException {
    return queryLong("SELECT count(*) FROM " + schema + ".payment WHERE account = ?", account);
  }

  private long queryLong(String sql, String account) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, account);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }
}
