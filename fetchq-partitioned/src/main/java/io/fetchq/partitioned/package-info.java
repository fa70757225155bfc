/**
 * The {@code partitioned} backend: the same storage contract as {@code postgres}, on partitioned
 * tables for hundreds of millions of tasks. Not built yet; the module exists so that the reactor,
 * the architecture rules and the documentation already have its place.
 */
package io.fetchq.partitioned;
