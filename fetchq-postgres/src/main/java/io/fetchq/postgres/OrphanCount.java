package io.fetchq.postgres;

/** The orphans one pass made pending again and the ones it killed. */
record OrphanCount(int recovered, int killed) {}
