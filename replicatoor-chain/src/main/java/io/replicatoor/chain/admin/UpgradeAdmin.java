package io.replicatoor.chain.admin;

import io.replicatoor.chain.Address;
import io.replicatoor.chain.Bytes32;
import io.replicatoor.chain.MeasurementParts;
import io.replicatoor.chain.StorageSlots;
import io.replicatoor.chain.internal.Keccak;
import io.replicatoor.chain.internal.contracts.UpgradeOperator;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.ContractGasProvider;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/**
 * Owner and guardian tooling for UpgradeOperator: deploy, propose, cancel, revoke, register the
 * genesis fingerprint, status and audit trail. Uses web3j for transactions and plain
 * {@code eth_call} views; it trusts its RPC endpoint (the owner's own node), unlike {@link
 * io.replicatoor.chain.VerifiedApprovalReader}, which is what instances use.
 */
public final class UpgradeAdmin implements AutoCloseable {
  /** Minimum delay the contract accepts (48 hours), checked before sending a deployment. */
  public static final long MIN_DELAY_SECONDS = 172_800;
  /** Maximum delay the contract accepts (365 days). */
  public static final long MAX_DELAY_SECONDS = 365L * 24 * 3600;
  /** Gas limit for every transaction (deployment needs about 1.1 M). */
  static final BigInteger GAS_LIMIT = BigInteger.valueOf(3_000_000);
  /** Receipt polling: every 100 ms, up to 2 minutes. */
  static final long POLL_MILLIS = 100;
  static final int POLL_ATTEMPTS = 1200;

  private static final Pattern REVERT = Pattern.compile("[Rr]evert reason: '(?:execution reverted: )?([^']*)'");

  private final Web3j web3j;
  private final HttpService http;
  private final SigningKey key; // null for read-only use
  private final long chainId;

  private UpgradeAdmin(HttpService http, Web3j web3j, SigningKey key, long chainId) {
    this.http = http;
    this.web3j = web3j;
    this.key = key;
    this.chainId = chainId;
  }

  /** Connects to {@code rpc}; {@code key} may be null for read-only commands. */
  public static UpgradeAdmin connect(URI rpc, SigningKey key) throws ReplicatoorException {
    HttpService http = new HttpService(rpc.toString());
    Web3j w = Web3j.build(http);
    try {
      long chainId = w.ethChainId().send().getChainId().longValueExact();
      return new UpgradeAdmin(http, w, key, chainId);
    } catch (IOException | RuntimeException e) {
      w.shutdown();
      throw new ReplicatoorException(ErrorCode.RPC_UNAVAILABLE,
          "cannot reach RPC " + rpc.getScheme() + "://" + rpc.getHost() + ":" + rpc.getPort());
    }
  }

  /** Chain id reported by the endpoint. */
  public long chainId() {
    return chainId;
  }

  /** Deploys {@code UpgradeOperator(owner, guardian, delaySeconds)}. */
  public Deployment deploy(Address owner, Address guardian, long delaySeconds)
      throws ReplicatoorException {
    if (delaySeconds < MIN_DELAY_SECONDS || delaySeconds > MAX_DELAY_SECONDS) {
      throw new ReplicatoorException(ErrorCode.USAGE, "delay must be between " + MIN_DELAY_SECONDS
          + " (48 h) and " + MAX_DELAY_SECONDS + " seconds, got " + delaySeconds);
    }
    TransactionManager tm = signer();
    try {
      UpgradeOperator op = UpgradeOperator.deploy(web3j, tm, gas(), owner.hex(), guardian.hex(),
          BigInteger.valueOf(delaySeconds)).send();
      TransactionReceipt r = op.getTransactionReceipt().orElseThrow();
      Address at = Address.fromHex(op.getContractAddress());
      return new Deployment(at, codeHash(at, DefaultBlockParameter.valueOf(r.getBlockNumber())),
          delaySeconds, owner, guardian, Bytes32.fromHex(r.getTransactionHash()),
          r.getBlockNumber().longValueExact());
    } catch (Exception e) {
      throw failure("deploy", e);
    }
  }

  /** Proposes a measurement; returns the id (checked against the event) and activation time. */
  public Proposal propose(Address contract, MeasurementParts parts, String description)
      throws ReplicatoorException {
    UpgradeOperator op = UpgradeOperator.load(contract.hex(), web3j, signer(), gas());
    TransactionReceipt r;
    try {
      r = op.proposeMeasurement(parts.mrtd(), parts.rtmr0(), parts.rtmr1(), parts.rtmr2(),
          parts.composeHash().bytes(), parts.osImageHash().bytes(),
          description == null ? "" : description).send();
    } catch (Exception e) {
      throw failure("proposeMeasurement", e);
    }
    List<UpgradeOperator.MeasurementProposedEventResponse> ev =
        UpgradeOperator.getMeasurementProposedEvents(r);
    Bytes32 expected = parts.id();
    if (ev.size() != 1 || !Bytes32.of(ev.get(0).id).equals(expected)) {
      throw new ReplicatoorException(ErrorCode.TRANSACTION_FAILED, "proposal " + r.getTransactionHash()
          + " did not emit MeasurementProposed for the locally computed id " + expected);
    }
    return new Proposal(expected, ev.get(0).activeAt.longValueExact(),
        Bytes32.fromHex(r.getTransactionHash()), r.getBlockNumber().longValueExact());
  }

  /** Proposes a device key ({@code keccak256(0x02 ‖ deviceId)}). */
  public Proposal proposeDevice(Address contract, Bytes32 deviceId, String description)
      throws ReplicatoorException {
    UpgradeOperator op = UpgradeOperator.load(contract.hex(), web3j, signer(), gas());
    try {
      TransactionReceipt r = op.proposeDevice(deviceId.bytes(), description == null ? "" : description).send();
      var ev = UpgradeOperator.getDeviceProposedEvents(r);
      return new Proposal(Bytes32.of(ev.get(0).key), ev.get(0).activeAt.longValueExact(),
          Bytes32.fromHex(r.getTransactionHash()), r.getBlockNumber().longValueExact());
    } catch (Exception e) {
      throw failure("proposeDevice", e);
    }
  }

  /** Cancels a pending proposal (owner or guardian). */
  public TxResult cancel(Address contract, Bytes32 id) throws ReplicatoorException {
    UpgradeOperator op = UpgradeOperator.load(contract.hex(), web3j, signer(), gas());
    try {
      return result(op.cancel(id.bytes()).send());
    } catch (Exception e) {
      throw failure("cancel", e);
    }
  }

  /** Revokes an id permanently (owner or guardian). */
  public TxResult revoke(Address contract, Bytes32 id) throws ReplicatoorException {
    UpgradeOperator op = UpgradeOperator.load(contract.hex(), web3j, signer(), gas());
    try {
      return result(op.revoke(id.bytes()).send());
    } catch (Exception e) {
      throw failure("revoke", e);
    }
  }

  /** Registers the genesis state fingerprint (owner, once). */
  public TxResult registerStateKey(Address contract, Bytes32 fingerprint) throws ReplicatoorException {
    UpgradeOperator op = UpgradeOperator.load(contract.hex(), web3j, signer(), gas());
    try {
      return result(op.registerStateKey(fingerprint.bytes()).send());
    } catch (Exception e) {
      throw failure("registerStateKey", e);
    }
  }

  /** Reads roles, delay, fingerprint and every known id with its state, at the latest block. */
  public ContractStatus status(Address contract) throws ReplicatoorException {
    try {
      EthBlock.Block b = web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock();
      DefaultBlockParameter at = DefaultBlockParameter.valueOf(b.getNumber());
      BlockRef block = new BlockRef(b.getNumber().longValueExact(), Bytes32.fromHex(b.getHash()),
          b.getTimestamp().longValueExact());
      Bytes32 codeHash = codeHash(contract, at);
      UpgradeOperator op = reader(contract);
      op.setDefaultBlockParameter(at);
      Address owner = Address.fromHex(op.owner().send());
      Address guardian = Address.fromHex(op.guardian().send());
      long delay = op.delay().send().longValueExact();
      Bytes32 fingerprint = Bytes32.of(op.stateKeyFingerprint().send());
      Set<Bytes32> ids = new LinkedHashSet<>();
      long n = op.proposedCount().send().longValueExact();
      for (long i = 0; i < n; i++) {
        ids.add(Bytes32.of(op.proposedIds(BigInteger.valueOf(i)).send()));
      }
      Map<Bytes32, String> descriptions = new HashMap<>();
      String revoked = EventEncoder.encode(UpgradeOperator.REVOKED_EVENT);
      String described = EventEncoder.encode(UpgradeOperator.PROPOSALDESCRIBED_EVENT);
      for (Log l : logs(contract, at)) {
        if (topic0(l).equals(revoked)) {
          // includes pre-emptive revocations of never-proposed ids
          ids.add(Bytes32.of(UpgradeOperator.getRevokedEventFromLog(l).id));
        } else if (topic0(l).equals(described)) {
          var d = UpgradeOperator.getProposalDescribedEventFromLog(l);
          descriptions.put(Bytes32.of(d.id), d.description);
        }
      }
      List<ApprovalEntry> entries = new ArrayList<>();
      for (Bytes32 id : ids) {
        BigInteger v = op.activeAt(id.bytes()).send();
        ProposalState s;
        long activeAt = 0;
        if (v.signum() == 0) {
          s = ProposalState.CANCELLED;
        } else if (v.equals(StorageSlots.REVOKED)) {
          s = ProposalState.REVOKED;
        } else {
          activeAt = v.longValueExact();
          s = activeAt <= block.timestamp() ? ProposalState.ACTIVE : ProposalState.PENDING;
        }
        entries.add(new ApprovalEntry(id, s, activeAt, descriptions.getOrDefault(id, "")));
      }
      return new ContractStatus(contract, owner, guardian, delay, fingerprint, codeHash, block, entries);
    } catch (ReplicatoorException e) {
      throw e;
    } catch (Exception e) {
      throw failure("status", e);
    }
  }

  /** Every governance event of {@code contract} up to the latest block, oldest first. */
  public List<GovernanceEvent> auditTrail(Address contract) throws ReplicatoorException {
    try {
      return auditTrail(contract, DefaultBlockParameterName.LATEST);
    } catch (Exception e) {
      throw failure("auditTrail", e);
    }
  }

  private List<GovernanceEvent> auditTrail(Address contract, DefaultBlockParameter to)
      throws IOException, ReplicatoorException {
    List<GovernanceEvent> out = new ArrayList<>();
    for (Log l : logs(contract, to)) {
      String t = topic0(l);
      long bn = l.getBlockNumber().longValueExact();
      Bytes32 tx = Bytes32.fromHex(l.getTransactionHash());
      if (t.equals(EventEncoder.encode(UpgradeOperator.MEASUREMENTPROPOSED_EVENT))) {
        var e = UpgradeOperator.getMeasurementProposedEventFromLog(l);
        out.add(new GovernanceEvent("MeasurementProposed", Bytes32.of(e.id),
            e.activeAt.longValueExact(), Address.fromHex(e.proposer), bn, tx));
      } else if (t.equals(EventEncoder.encode(UpgradeOperator.DEVICEPROPOSED_EVENT))) {
        var e = UpgradeOperator.getDeviceProposedEventFromLog(l);
        out.add(new GovernanceEvent("DeviceProposed", Bytes32.of(e.key),
            e.activeAt.longValueExact(), Address.fromHex(e.proposer), bn, tx));
      } else if (t.equals(EventEncoder.encode(UpgradeOperator.CANCELLED_EVENT))) {
        var e = UpgradeOperator.getCancelledEventFromLog(l);
        out.add(new GovernanceEvent("Cancelled", Bytes32.of(e.id), 0, Address.fromHex(e.by), bn, tx));
      } else if (t.equals(EventEncoder.encode(UpgradeOperator.REVOKED_EVENT))) {
        var e = UpgradeOperator.getRevokedEventFromLog(l);
        out.add(new GovernanceEvent("Revoked", Bytes32.of(e.id), 0, Address.fromHex(e.by), bn, tx));
      } else if (t.equals(EventEncoder.encode(UpgradeOperator.STATEKEYREGISTERED_EVENT))) {
        var e = UpgradeOperator.getStateKeyRegisteredEventFromLog(l);
        out.add(new GovernanceEvent("StateKeyRegistered", Bytes32.of(e.fingerprint), 0,
            Address.fromHex(e.by), bn, tx));
      }
    }
    return out;
  }

  private List<Log> logs(Address contract, DefaultBlockParameter to) throws IOException, ReplicatoorException {
    EthLog res = web3j.ethGetLogs(new EthFilter(DefaultBlockParameterName.EARLIEST, to, contract.hex())).send();
    if (res.hasError()) {
      throw new ReplicatoorException(ErrorCode.RPC_ERROR, "eth_getLogs: " + res.getError().getMessage());
    }
    List<Log> out = new ArrayList<>();
    for (EthLog.LogResult<?> lr : res.getLogs()) {
      if (lr.get() instanceof Log l) {
        out.add(l);
      }
    }
    return out;
  }

  private static String topic0(Log l) {
    return l.getTopics().isEmpty() ? "" : l.getTopics().get(0);
  }

  /** keccak256 of the runtime code at {@code at}; fails if there is no code. */
  public Bytes32 codeHash(Address contract) throws ReplicatoorException {
    try {
      return codeHash(contract, DefaultBlockParameterName.LATEST);
    } catch (IOException e) {
      throw failure("eth_getCode", e);
    }
  }

  private Bytes32 codeHash(Address contract, DefaultBlockParameter at)
      throws IOException, ReplicatoorException {
    String code = web3j.ethGetCode(contract.hex(), at).send().getCode();
    if (code == null || code.length() <= 2) {
      throw new ReplicatoorException(ErrorCode.NOT_FOUND, "no contract code at " + contract);
    }
    return Bytes32.of(Keccak.hash(HexFormat.of().parseHex(code.substring(2))));
  }

  private UpgradeOperator reader(Address contract) {
    return UpgradeOperator.load(contract.hex(), web3j,
        new ReadonlyTransactionManager(web3j, Address.ZERO.hex()), gas());
  }

  private TransactionManager signer() throws ReplicatoorException {
    if (key == null) {
      throw new ReplicatoorException(ErrorCode.USAGE, "this operation needs a signing key (--key-file or --key-env)");
    }
    return new RawTransactionManager(web3j, key.credentials(), chainId,
        new PollingTransactionReceiptProcessor(web3j, POLL_MILLIS, POLL_ATTEMPTS));
  }

  /**
   * Legacy gas price {@code 2 × baseFee + tip} (the usual EIP-1559 bound). Doubling {@code
   * eth_gasPrice} instead fed back on itself: nodes derive it from recent prices, so on a quiet
   * chain every transaction doubled the next price (about twenty proposals drained an anvil
   * account). Falls back to {@code eth_gasPrice} before London.
   */
  private ContractGasProvider gas() {
    BigInteger price;
    try {
      String baseFee = web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send()
          .getBlock().getBaseFeePerGasRaw();
      if (baseFee == null) {
        price = web3j.ethGasPrice().send().getGasPrice();
      } else {
        BigInteger tip = web3j.ethMaxPriorityFeePerGas().send().getMaxPriorityFeePerGas();
        price = new BigInteger(baseFee.substring(2), 16).multiply(BigInteger.TWO).add(tip);
      }
    } catch (IOException | RuntimeException e) {
      price = BigInteger.valueOf(2_000_000_000L);
    }
    return new StaticGasProvider(price.max(BigInteger.ONE), GAS_LIMIT);
  }

  private static TxResult result(TransactionReceipt r) {
    return new TxResult(Bytes32.fromHex(r.getTransactionHash()), r.getBlockNumber().longValueExact());
  }

  /** Maps web3j failures to stable codes; messages carry the revert reason, never key material. */
  static ReplicatoorException failure(String what, Exception e) {
    if (e instanceof ReplicatoorException re) {
      return re;
    }
    String msg = Objects.requireNonNullElse(e.getMessage(), e.getClass().getSimpleName());
    Matcher m = REVERT.matcher(msg);
    if (m.find()) {
      return new ReplicatoorException(ErrorCode.TRANSACTION_FAILED, what + " reverted: " + m.group(1));
    }
    if (e instanceof org.web3j.protocol.exceptions.TransactionException) {
      return new ReplicatoorException(ErrorCode.TRANSACTION_FAILED, what + " failed: " + firstLine(msg));
    }
    if (e instanceof org.web3j.tx.exceptions.ContractCallException) {
      return new ReplicatoorException(ErrorCode.RPC_ERROR, what + ": " + firstLine(msg));
    }
    if (e instanceof IOException) {
      return new ReplicatoorException(ErrorCode.RPC_UNAVAILABLE, what + ": RPC request failed: " + firstLine(msg));
    }
    return new ReplicatoorException(ErrorCode.RPC_ERROR, what + " failed: " + firstLine(msg));
  }

  private static String firstLine(String s) {
    int i = s.indexOf('\n');
    String l = i < 0 ? s : s.substring(0, i);
    return l.length() > 300 ? l.substring(0, 300) + "…" : l;
  }

  Optional<SigningKey> key() {
    return Optional.ofNullable(key);
  }

  @Override
  public void close() {
    web3j.shutdown();
  }
}
