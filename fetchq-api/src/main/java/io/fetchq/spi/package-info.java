/**
 * The storage SPI: what a Fetchq backend implements. It is data only (one request record per
 * operation, batch-first) with no lifecycle or configuration beyond {@link
 * io.fetchq.spi.StorageProvider#open}. Every backend proves itself by passing the conformance suite
 * in {@code fetchq-storage-tck}. The SPI is {@link io.fetchq.Beta}: it may grow before 1.0.
 */
@Beta
package io.fetchq.spi;

import io.fetchq.Beta;
