package io.fetchq.postgres;

import io.fetchq.TaskStatus;

/** A task whose lock expired, as orphan recovery left it: PENDING again or KILLED, and its attempts. */
record OrphanRow(String subject, TaskStatus status, int attempts) {}
