package io.fetchq.postgres;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Opens the connection a subscription listens on; it is never a pooled worker connection.
 */
@FunctionalInterface
interface ListenerConnection {

  Connection open() throws SQLException;
}
