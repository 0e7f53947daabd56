package io.replicatoor.attest.quote;

/** The report a quote signs: a TD report (1.0 or 1.5) or an SGX enclave report. */
public sealed interface QuoteBody permits TdReport, SgxReport {
  /** The 64-byte REPORTDATA. */
  ReportData reportData();
}
