package io.fetchq.postgres;

/** One subject of an upsert and what happened to it: inserted, updated or skipped. */
record SubjectRow(String subject, String outcome) {}
