package io.replicatoor.attest.verify;

import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;

/** An Intel TCB status, with Intel's exact names and a severity order for policy comparisons. */
public enum TcbStatus {
  UP_TO_DATE("UpToDate", 0),
  SW_HARDENING_NEEDED("SWHardeningNeeded", 1),
  CONFIGURATION_NEEDED("ConfigurationNeeded", 2),
  CONFIGURATION_AND_SW_HARDENING_NEEDED("ConfigurationAndSWHardeningNeeded", 3),
  TD_RELAUNCH_ADVISED("TDRelaunchAdvised", 4),
  TD_RELAUNCH_ADVISED_CONFIGURATION_NEEDED("TDRelaunchAdvisedConfigurationNeeded", 5),
  OUT_OF_DATE("OutOfDate", 6),
  OUT_OF_DATE_CONFIGURATION_NEEDED("OutOfDateConfigurationNeeded", 7),
  REVOKED("Revoked", 8);

  private final String intelName;
  private final int severity;

  TcbStatus(String intelName, int severity) {
    this.intelName = intelName;
    this.severity = severity;
  }

  /** Intel's spelling, as in TCB info JSON and the CLI output. */
  public String intelName() {
    return intelName;
  }

  /** 0 (UpToDate) .. 8 (Revoked); higher is worse. */
  public int severity() {
    return severity;
  }

  /** True for the statuses that say the platform configuration needs attention. */
  public boolean needsConfiguration() {
    return this == CONFIGURATION_NEEDED
        || this == CONFIGURATION_AND_SW_HARDENING_NEEDED
        || this == OUT_OF_DATE_CONFIGURATION_NEEDED
        || this == TD_RELAUNCH_ADVISED_CONFIGURATION_NEEDED;
  }

  /**
   * Parses an Intel status name exactly (case-sensitive).
   *
   * @throws ReplicatoorException {@code TCB_STATUS_UNRECOGNIZED} for anything else
   */
  public static TcbStatus parse(String intelName) throws ReplicatoorException {
    for (TcbStatus s : values()) {
      if (s.intelName.equals(intelName)) {
        return s;
      }
    }
    throw new ReplicatoorException(
        ErrorCode.TCB_STATUS_UNRECOGNIZED, "unrecognised TCB status \"" + intelName + "\"");
  }
}
