package io.fetchq.core;

import io.fetchq.Handler;

/**
 * One schedule a client declared, in code or by configuration: its task's subject is {@code name}
 * and lives in {@code queue}, whose worker runs it ({@link Fetchq#SCHEDULES_QUEUE} for a schedule
 * with its own handler).
 *
 * @param name the schedule's name, its task's subject
 * @param rule when it fires
 * @param queue the queue its task lives in
 * @param handler the handler that runs it, or null when the queue's worker does
 * @param origin where it was declared, for messages: {@code code} or a configuration source
 */
record DeclaredSchedule(String name, ScheduleRule rule, String queue, Handler handler, String origin) {}
