package io.replicatoor.attest.verify;

import io.replicatoor.attest.quote.Bytes8;
import io.replicatoor.attest.quote.Fmspc;
import io.replicatoor.attest.quote.PceId;
import io.replicatoor.core.bytes.Measurement48;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A signature-checked Intel TCB info (v3, {@code TDX} or {@code SGX}; section 3.3). Statuses are
 * kept as Intel strings and converted (strictly) when a level is selected (step 42).
 */
public record TcbInfo(
    String id,
    int version,
    Instant issueDate,
    Instant nextUpdate,
    Fmspc fmspc,
    PceId pceId,
    int tcbType,
    long tcbEvaluationDataNumber,
    Optional<TdxModule> tdxModule,
    List<TdxModuleIdentity> tdxModuleIdentities,
    List<Level> tcbLevels) {

  public TcbInfo {
    tdxModuleIdentities = List.copyOf(tdxModuleIdentities);
    tcbLevels = List.copyOf(tcbLevels);
  }

  /** {@code tdxModule}: the expected module signer and attributes when no identity applies. */
  public record TdxModule(Measurement48 mrSigner, Bytes8 attributes, Bytes8 attributesMask) {}

  /** One {@code tdxModuleIdentities} entry ({@code TDX_01}, ...). */
  public record TdxModuleIdentity(
      String id,
      Measurement48 mrSigner,
      Bytes8 attributes,
      Bytes8 attributesMask,
      List<IsvLevel> tcbLevels) {
    public TdxModuleIdentity {
      tcbLevels = List.copyOf(tcbLevels);
    }
  }

  /** A level keyed by one ISV SVN (module identities and QE identity). */
  public record IsvLevel(int isvSvn, Instant tcbDate, String tcbStatus, List<String> advisoryIds) {
    public IsvLevel {
      advisoryIds = List.copyOf(advisoryIds);
    }
  }

  /** A platform TCB level: 16 SGX components, PCESVN, and (TDX) 16 TDX components. */
  public record Level(
      List<Integer> sgxComponents,
      int pceSvn,
      List<Integer> tdxComponents,
      Instant tcbDate,
      String tcbStatus,
      List<String> advisoryIds) {
    public Level {
      sgxComponents = List.copyOf(sgxComponents);
      tdxComponents = List.copyOf(tdxComponents);
      advisoryIds = List.copyOf(advisoryIds);
    }
  }
}
