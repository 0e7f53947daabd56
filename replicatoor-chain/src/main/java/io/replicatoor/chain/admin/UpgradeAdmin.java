package io.replicatoor.chain.admin;

import io.replicatoor.chain.Address;
import io.replicatoor.chain.StorageSlots;
import io.replicatoor.chain.VerifiedApprovalReader;
import io.replicatoor.chain.internal.contracts.UpgradeOperator;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.bytes.Bytes32;
import io.replicatoor.core.crypto.Keccak256;
import io.replicatoor.core.measure.Measurement;
import io.replicatoor.core.measure.MeasurementId;
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
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.EventValues;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.Utils;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.exceptions.MessageDecodingException;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.RemoteCall;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthEstimateGas;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.TransactionException;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.Contract;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.exceptions.ContractCallException;
import org.web3j.tx.gas.ContractGasProvider;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/**
 * Owner and guardian tooling for UpgradeOperator: deploy, propose, cancel, revoke, register the
 * genesis fingerprint, status and audit trail. Uses web3j for transactions and plain {@code
 * eth_call} views; it trusts its RPC endpoint (the owner's own node), unlike {@link
 * io.replicatoor.chain.VerifiedApprovalReader}, which is what instances use.
 */
public final class UpgradeAdmin implements AutoCloseable {
  /** Minimum delay the contract accepts (48 hours), checked before sending a deployment. */
  public static final long MIN_DELAY_SECONDS = 172_800;

  /** Maximum delay the contract accepts (365 days). */
  public static final long MAX_DELAY_SECONDS = 365L * 24 * 3600;

  /**
   * Most {@code proposedIds} entries {@link #status} reads; beyond that the newest are kept. The
   * same bound as the verified reader's list.
   */
  public static final int MAX_PROPOSALS = VerifiedApprovalReader.MAX_PROPOSALS;

  /** Blocks {@link #status(Address)} searches for events when no start block is given. */
  public static final long DEFAULT_LOOKBACK_BLOCKS = 100_000;

  /** Blocks per {@code eth_getLogs} request of {@link #status}, within common provider limits. */
  public static final long DEFAULT_LOG_PAGE_BLOCKS = 2_000;

  /**
   * The events {@link #auditTrail} lists, by topic (ProposalDescribed only annotates a proposal).
   */
  private static final Map<String, Event> GOVERNANCE_EVENTS =
      Stream.of(
              UpgradeOperator.MEASUREMENTPROPOSED_EVENT,
              UpgradeOperator.DEVICEPROPOSED_EVENT,
              UpgradeOperator.CANCELLED_EVENT,
              UpgradeOperator.REVOKED_EVENT,
              UpgradeOperator.STATEKEYREGISTERED_EVENT)
          .collect(Collectors.toUnmodifiableMap(EventEncoder::encode, e -> e));

  /** Gas limit for every transaction (deployment needs about 1.1 M). */
  static final BigInteger GAS_LIMIT = BigInteger.valueOf(3_000_000);

  /** Receipt polling: every 100 ms, up to 2 minutes. */
  static final long POLL_MILLIS = 100;

  static final int POLL_ATTEMPTS = 1200;

  private static final Pattern REVERT =
      Pattern.compile("[Rr]evert reason: '(?:execution reverted: )?([^']*)'");

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
      throw new ReplicatoorException(
          ErrorCode.RPC_UNAVAILABLE,
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
      throw new ReplicatoorException(
          ErrorCode.USAGE,
          "delay must be between "
              + MIN_DELAY_SECONDS
              + " (48 h) and "
              + MAX_DELAY_SECONDS
              + " seconds, got "
              + delaySeconds);
    }
    TransactionManager tm = signer();
    UpgradeOperator op =
        send(
            "deploy",
            UpgradeOperator.deploy(
                web3j,
                tm,
                gas(),
                owner.toPrefixedHex(),
                guardian.toPrefixedHex(),
                BigInteger.valueOf(delaySeconds)));
    TransactionReceipt r = op.getTransactionReceipt().orElseThrow();
    Address at = Address.fromHex(op.getContractAddress());
    try {
      return new Deployment(
          at,
          codeHash(at, DefaultBlockParameter.valueOf(r.getBlockNumber())),
          delaySeconds,
          owner,
          guardian,
          Bytes32.fromHex(r.getTransactionHash()),
          r.getBlockNumber().longValueExact());
    } catch (IOException e) {
      throw failure("deploy", e);
    }
  }

  /** Proposes a measurement; returns the id (checked against the event) and activation time. */
  public Proposal propose(Address contract, Measurement parts, String description)
      throws ReplicatoorException {
    UpgradeOperator op = writer(contract);
    TransactionReceipt r =
        send(
            "proposeMeasurement",
            op.proposeMeasurement(
                parts.mrTd().toByteArray(),
                parts.rtmr0().toByteArray(),
                parts.rtmr1().toByteArray(),
                parts.rtmr2().toByteArray(),
                parts.composeHash().toByteArray(),
                parts.osImageHash().toByteArray(),
                description == null ? "" : description));
    List<UpgradeOperator.MeasurementProposedEventResponse> ev =
        UpgradeOperator.getMeasurementProposedEvents(r);
    MeasurementId expected = parts.measurementId();
    if (ev.size() != 1 || !MeasurementId.of(ev.get(0).id).equals(expected)) {
      throw new ReplicatoorException(
          ErrorCode.TRANSACTION_FAILED,
          "proposal "
              + r.getTransactionHash()
              + " did not emit MeasurementProposed for the locally computed id "
              + expected.toPrefixedHex());
    }
    return proposal(r, expected, ev.get(0).activeAt);
  }

  /** Proposes a device key ({@code keccak256(0x02 ‖ deviceId)}). */
  public Proposal proposeDevice(Address contract, Bytes32 deviceId, String description)
      throws ReplicatoorException {
    String notes = description == null ? "" : description;
    TransactionReceipt r =
        send("proposeDevice", writer(contract).proposeDevice(deviceId.toByteArray(), notes));
    var ev = UpgradeOperator.getDeviceProposedEvents(r);
    if (ev.size() != 1) {
      throw new ReplicatoorException(
          ErrorCode.TRANSACTION_FAILED,
          "proposal " + r.getTransactionHash() + " did not emit exactly one DeviceProposed event");
    }
    return proposal(r, MeasurementId.of(ev.get(0).key), ev.get(0).activeAt);
  }

  private static Proposal proposal(TransactionReceipt r, MeasurementId id, BigInteger activeAt) {
    return new Proposal(
        id,
        activeAt.longValueExact(),
        Bytes32.fromHex(r.getTransactionHash()),
        r.getBlockNumber().longValueExact());
  }

  /** Cancels a pending proposal (owner or guardian). */
  public TxResult cancel(Address contract, MeasurementId id) throws ReplicatoorException {
    UpgradeOperator op = writer(contract);
    return result(send("cancel", op.cancel(id.toByteArray())));
  }

  /** Revokes an id permanently (owner or guardian). */
  public TxResult revoke(Address contract, MeasurementId id) throws ReplicatoorException {
    UpgradeOperator op = writer(contract);
    return result(send("revoke", op.revoke(id.toByteArray())));
  }

  /** Registers the genesis state fingerprint (owner, once). */
  public TxResult registerStateKey(Address contract, Bytes32 fingerprint)
      throws ReplicatoorException {
    UpgradeOperator op = writer(contract);
    return result(send("registerStateKey", op.registerStateKey(fingerprint.toByteArray())));
  }

  /**
   * {@link #status(Address, long, long)} with events from the last {@link #DEFAULT_LOOKBACK_BLOCKS}
   * blocks, in pages of {@link #DEFAULT_LOG_PAGE_BLOCKS}.
   */
  public ContractStatus status(Address contract) throws ReplicatoorException {
    return status(contract, -1, DEFAULT_LOG_PAGE_BLOCKS);
  }

  /**
   * Reads roles, delay, fingerprint and every id of {@code proposedIds} with its state at the
   * latest block, through view functions only (at most {@link #MAX_PROPOSALS} entries, the newest;
   * {@link ContractStatus#truncated()} says when older ones were left out). Events, which alone
   * carry descriptions, pre-emptive revocations and when an id was cancelled or revoked, are read
   * from {@code fromBlock} (negative: the last {@link #DEFAULT_LOOKBACK_BLOCKS} blocks) to that
   * block in {@code eth_getLogs} ranges of at most {@code pageBlocks} blocks, so providers that
   * limit log ranges answer; nothing is ever asked from the earliest block in one request.
   */
  public ContractStatus status(Address contract, long fromBlock, long pageBlocks)
      throws ReplicatoorException {
    if (pageBlocks < 1) {
      throw new ReplicatoorException(ErrorCode.USAGE, "log page size must be at least 1 block");
    }
    try {
      EthBlock.Block b =
          web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock();
      DefaultBlockParameter at = DefaultBlockParameter.valueOf(b.getNumber());
      BlockRef block =
          new BlockRef(
              b.getNumber().longValueExact(),
              Bytes32.fromHex(b.getHash()),
              b.getTimestamp().longValueExact());
      long from =
          fromBlock < 0 ? Math.max(0, block.number() - DEFAULT_LOOKBACK_BLOCKS + 1) : fromBlock;
      if (from > block.number()) {
        throw new ReplicatoorException(
            ErrorCode.USAGE, "from block " + from + " is after the latest block " + block.number());
      }
      Bytes32 codeHash = codeHash(contract, at);
      UpgradeOperator op = reader(contract);
      op.setDefaultBlockParameter(at);
      Address owner = Address.fromHex(send("owner", op.owner()));
      Address guardian = Address.fromHex(send("guardian", op.guardian()));
      long delay = send("delay", op.delay()).longValueExact();
      Bytes32 fingerprint = Bytes32.of(send("stateKeyFingerprint", op.stateKeyFingerprint()));
      Set<Bytes32> ids = new LinkedHashSet<>();
      long n = send("proposedCount", op.proposedCount()).longValueExact();
      long first = Math.max(0, n - MAX_PROPOSALS);
      for (long i = first; i < n; i++) {
        ids.add(Bytes32.of(send("proposedIds", op.proposedIds(BigInteger.valueOf(i)))));
      }
      Map<Bytes32, String> descriptions = new HashMap<>();
      Map<Bytes32, GovernanceEvent> ended = new HashMap<>();
      String described = EventEncoder.encode(UpgradeOperator.PROPOSALDESCRIBED_EVENT);
      List<Log> logs = new ArrayList<>();
      long page = Math.min(pageBlocks, block.number() - from + 1); // no overflow below
      for (long p = from; p <= block.number(); p += page) {
        logs.addAll(
            logs(
                contract,
                DefaultBlockParameter.valueOf(BigInteger.valueOf(p)),
                DefaultBlockParameter.valueOf(
                    BigInteger.valueOf(Math.min(block.number(), p + page - 1)))));
      }
      for (Log l : logs) {
        if (topic0(l).equals(described)) {
          var d = UpgradeOperator.getProposalDescribedEventFromLog(l);
          descriptions.put(Bytes32.of(d.id), d.description);
        }
      }
      for (GovernanceEvent e : events(logs)) {
        if (e.type().equals("Cancelled") || e.type().equals("Revoked")) {
          ended.put(e.id(), e); // the latest wins
          if (e.type().equals("Revoked")) {
            ids.add(e.id()); // includes pre-emptive revocations of never-proposed ids
          }
        }
      }
      Map<Long, Long> times = new HashMap<>();
      List<ApprovalEntry> entries = new ArrayList<>();
      for (Bytes32 id : ids) {
        BigInteger v = send("activeAt", op.activeAt(id.toByteArray()));
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
        GovernanceEvent e = ended.get(id);
        String expected = s == ProposalState.CANCELLED ? "Cancelled" : "Revoked";
        ApprovalEntry.Change change = null;
        if (e != null && e.type().equals(expected)) {
          Long t = times.get(e.blockNumber());
          if (t == null) {
            t = blockTime(e.blockNumber());
            times.put(e.blockNumber(), t);
          }
          change = new ApprovalEntry.Change(e.blockNumber(), t, e.tx(), e.by());
        }
        entries.add(
            new ApprovalEntry(
                MeasurementId.of(id), s, activeAt, descriptions.getOrDefault(id, ""), change));
      }
      return new ContractStatus(
          contract,
          owner,
          guardian,
          delay,
          fingerprint,
          codeHash,
          block,
          entries,
          n,
          first > 0,
          from);
    } catch (IOException e) {
      throw failure("status", e);
    }
  }

  private long blockTime(long number) throws IOException {
    return web3j
        .ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(number)), false)
        .send()
        .getBlock()
        .getTimestamp()
        .longValueExact();
  }

  /** Every governance event of {@code contract} up to the latest block, oldest first. */
  public List<GovernanceEvent> auditTrail(Address contract) throws ReplicatoorException {
    try {
      return auditTrail(contract, DefaultBlockParameterName.LATEST);
    } catch (IOException e) {
      throw failure("auditTrail", e);
    }
  }

  private List<GovernanceEvent> auditTrail(Address contract, DefaultBlockParameter to)
      throws IOException, ReplicatoorException {
    return events(logs(contract, DefaultBlockParameterName.EARLIEST, to));
  }

  /**
   * Each governance event of {@code logs} as (name, subject, activeAt, actor). Every such event
   * declares its bytes32 subject first (the proposal id, the device key or the registered
   * fingerprint), then, proposals only, one uint256 {@code activeAt}, and one address: who acted.
   */
  private static List<GovernanceEvent> events(List<Log> logs) {
    List<GovernanceEvent> out = new ArrayList<>();
    for (Log l : logs) {
      long bn = l.getBlockNumber().longValueExact();
      Bytes32 tx = Bytes32.fromHex(l.getTransactionHash());
      Event event = GOVERNANCE_EVENTS.get(topic0(l));
      if (event == null) {
        continue;
      }
      EventValues decoded = Contract.staticExtractEventParameters(event, l);
      List<Type> values = new ArrayList<>(decoded.getIndexedValues());
      values.addAll(decoded.getNonIndexedValues());
      out.add(
          new GovernanceEvent(
              event.getName(),
              Bytes32.of(first(values, "bytes32", byte[].class).orElseThrow()),
              first(values, "uint256", BigInteger.class).map(BigInteger::longValueExact).orElse(0L),
              Address.fromHex(first(values, "address", String.class).orElseThrow()),
              bn,
              tx));
    }
    return out;
  }

  /** The value of the first of {@code values} whose ABI type is {@code abiType}. */
  private static <T> Optional<T> first(List<Type> values, String abiType, Class<T> javaType) {
    return values.stream()
        .filter(v -> v.getTypeAsString().equals(abiType))
        .findFirst()
        .map(v -> javaType.cast(v.getValue()));
  }

  private List<Log> logs(Address contract, DefaultBlockParameter from, DefaultBlockParameter to)
      throws IOException, ReplicatoorException {
    EthLog res = web3j.ethGetLogs(new EthFilter(from, to, contract.toPrefixedHex())).send();
    if (res.hasError()) {
      throw new ReplicatoorException(
          ErrorCode.RPC_ERROR, "eth_getLogs: " + res.getError().getMessage());
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
    String code = web3j.ethGetCode(contract.toPrefixedHex(), at).send().getCode();
    if (code == null || code.length() <= 2) {
      throw new ReplicatoorException(ErrorCode.NOT_FOUND, "no contract code at " + contract);
    }
    return Bytes32.of(Keccak256.digest(HexFormat.of().parseHex(code.substring(2))));
  }

  private UpgradeOperator writer(Address contract) throws ReplicatoorException {
    return UpgradeOperator.load(contract.toPrefixedHex(), web3j, signer(), gas());
  }

  private UpgradeOperator reader(Address contract) {
    return UpgradeOperator.load(
        contract.toPrefixedHex(),
        web3j,
        new ReadonlyTransactionManager(web3j, Address.ZERO.toPrefixedHex()),
        gas());
  }

  private TransactionManager signer() throws ReplicatoorException {
    if (key == null) {
      throw new ReplicatoorException(
          ErrorCode.USAGE, "this operation needs a signing key (--key-file or --key-env)");
    }
    return new SimulatingTransactionManager(web3j, key, chainId);
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
      String baseFee =
          web3j
              .ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false)
              .send()
              .getBlock()
              .getBaseFeePerGasRaw();
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
    return new TxResult(
        Bytes32.fromHex(r.getTransactionHash()), r.getBlockNumber().longValueExact());
  }

  /**
   * Runs one web3j call and maps the failures web3j documents to stable codes. Anything else, a
   * {@code NullPointerException} in our code or web3j's for example, is a bug and propagates
   * unchanged (the CLI reports it as an internal error), so it is never mistaken for an RPC
   * problem.
   */
  static <T> T send(String what, RemoteCall<T> call) throws ReplicatoorException {
    try {
      return call.send();
    } catch (ReplicatoorException e) {
      throw e;
    } catch (IOException | TransactionException e) {
      throw failure(what, e);
    } catch (ContractCallException | MessageDecodingException e) {
      throw failure(what, e);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      // RemoteCall.send() declares Exception; web3j's callables throw only the types above.
      throw new IllegalStateException(what + ": unexpected " + e.getClass().getName(), e);
    }
  }

  /** Maps a web3j failure to a stable code; messages carry the revert reason, never key data. */
  static ReplicatoorException failure(String what, Exception e) {
    String msg = Objects.requireNonNullElse(e.getMessage(), e.getClass().getSimpleName());
    if (e instanceof WouldRevertException w) {
      return new ReplicatoorException(
          ErrorCode.TRANSACTION_FAILED,
          what + " reverted in simulation, nothing was sent: " + w.reason());
    }
    Matcher m = REVERT.matcher(msg);
    if (m.find()) {
      return new ReplicatoorException(
          ErrorCode.TRANSACTION_FAILED, what + " reverted: " + m.group(1));
    }
    if (e instanceof TransactionException) {
      return new ReplicatoorException(
          ErrorCode.TRANSACTION_FAILED, what + " failed: " + firstLine(msg));
    }
    if (e instanceof IOException) {
      return new ReplicatoorException(
          ErrorCode.RPC_UNAVAILABLE, what + ": RPC request failed: " + firstLine(msg));
    }
    if (e instanceof ContractCallException || e instanceof MessageDecodingException) {
      return new ReplicatoorException(ErrorCode.RPC_ERROR, what + ": " + firstLine(msg));
    }
    throw new IllegalArgumentException("not a web3j failure: " + e.getClass().getName(), e);
  }

  /** A transaction refused before sending because its simulation reverted. */
  static final class WouldRevertException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String reason;

    WouldRevertException(String reason) {
      super("simulation reverted: " + reason);
      this.reason = reason;
    }

    String reason() {
      return reason;
    }
  }

  /**
   * Signs and sends like web3j's {@link RawTransactionManager}, but first simulates every
   * transaction against the latest block with {@code eth_call} and {@code eth_estimateGas} and
   * sends nothing that would revert or exceed its gas limit, so a mistake (the guardian proposing,
   * a second registration) costs no gas and leaves no failed transaction on chain.
   */
  static final class SimulatingTransactionManager extends RawTransactionManager {
    private static final String EXECUTION_REVERTED = "execution reverted";

    /** Selector of Solidity's {@code Error(string)}. */
    private static final String ERROR_SELECTOR = "0x08c379a0";

    private final Web3j web3j;

    SimulatingTransactionManager(Web3j web3j, SigningKey key, long chainId) {
      super(
          web3j,
          key.credentials(),
          chainId,
          new PollingTransactionReceiptProcessor(web3j, POLL_MILLIS, POLL_ATTEMPTS));
      this.web3j = web3j;
    }

    @Override
    public EthSendTransaction sendTransaction(
        BigInteger gasPrice,
        BigInteger gasLimit,
        String to,
        String data,
        BigInteger value,
        boolean constructor)
        throws IOException {
      simulate(gasLimit, constructor ? null : to, data, value);
      return super.sendTransaction(gasPrice, gasLimit, to, data, value, constructor);
    }

    private void simulate(BigInteger gasLimit, String to, String data, BigInteger value)
        throws IOException {
      Transaction tx =
          Transaction.createFunctionCallTransaction(
              getFromAddress(), null, null, null, to, value, data);
      EthCall call = web3j.ethCall(tx, DefaultBlockParameterName.LATEST).send();
      if (call.hasError()) {
        throw new WouldRevertException(
            reason(call.getError().getMessage(), call.getError().getData()));
      }
      if (call.isReverted()) {
        throw new WouldRevertException(reason(EXECUTION_REVERTED, call.getValue()));
      }
      EthEstimateGas estimate = web3j.ethEstimateGas(tx).send();
      if (estimate.hasError()) {
        throw new WouldRevertException(
            reason(estimate.getError().getMessage(), estimate.getError().getData()));
      }
      if (estimate.getAmountUsed().compareTo(gasLimit) > 0) {
        throw new WouldRevertException(
            "needs " + estimate.getAmountUsed() + " gas, more than the limit " + gasLimit);
      }
    }

    /** The revert reason from a node's message ("execution reverted: x") or Error(string) data. */
    static String reason(String message, Object data) {
      String m = Objects.requireNonNullElse(message, EXECUTION_REVERTED);
      if (m.startsWith(EXECUTION_REVERTED + ": ")) {
        return firstLine(m.substring(EXECUTION_REVERTED.length() + 2));
      }
      if (data instanceof String hex && hex.startsWith(ERROR_SELECTOR)) {
        List<Type> decoded =
            FunctionReturnDecoder.decode(
                hex.substring(ERROR_SELECTOR.length()),
                Utils.convert(List.of(new TypeReference<Utf8String>() {})));
        if (!decoded.isEmpty()) {
          return firstLine(decoded.get(0).getValue().toString());
        }
      }
      return firstLine(m);
    }
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
