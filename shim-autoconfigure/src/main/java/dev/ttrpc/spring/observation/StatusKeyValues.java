package dev.ttrpc.spring.observation;

import dev.ttrpc.Code;
import io.micrometer.common.KeyValues;

/**
 * The default key values of one method's observations (of one shim, on the client), one set per status code, each
 * built the first time a call ends with that status. Sets are immutable, so a race only builds one twice.
 */
final class StatusKeyValues {
  private static final String STATUS_KEY = "rpc.status";

  private final KeyValues withoutStatus;
  private final KeyValues[] byStatus = new KeyValues[Code.values().length];

  StatusKeyValues(KeyValues withoutStatus) {
    this.withoutStatus = withoutStatus;
  }

  KeyValues forStatus(Code status) {
    KeyValues keyValues = byStatus[status.ordinal()];
    if (keyValues == null) {
      keyValues = withoutStatus.and(STATUS_KEY, status.name());
      byStatus[status.ordinal()] = keyValues;
    }
    return keyValues;
  }
}
