/**
 * The Fetchq runtime over the storage SPI: queues that check their input before the storage sees
 * it, and the choice of a storage backend by name. It never imports a backend, MyBatis or JDBC.
 */
package io.fetchq.core;
