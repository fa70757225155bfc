package io.fetchq.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code fetchq --version}: the version written in the jar's manifest. */
final class Version implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = Version.class.getPackage().getImplementationVersion();
    return new String[] {"fetchq " + (version == null ? "(development build)" : version)};
  }
}
