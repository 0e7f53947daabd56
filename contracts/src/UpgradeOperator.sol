// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @title UpgradeOperator (version 2)
/// @notice Allow-list of TDX measurements with an activation delay enforced in code, a guardian
///         that can veto or revoke but never approve, and a write-once genesis state fingerprint.
/// @dev    Specification: shared/docs/upgrade-governance.md section 3. The storage layout below is
///         read by replicatoor instances through Merkle proofs (section 5) and is asserted by the
///         build (scripts/solc-compile.js). Do not reorder, insert or remove state variables.
///         Non-upgradeable on purpose: no proxy, no delegatecall, no selfdestruct, no owner transfer.
contract UpgradeOperator {
    // ---- storage (slot order is part of the proof format; spec 3.2) -------------------------

    /// @notice slot 0: 0 = unknown or cancelled; 1 .. 2^256-2 = active from that Unix time
    ///         (pending while greater than block.timestamp); REVOKED = permanently revoked.
    mapping(bytes32 => uint256) public activeAt;

    /// @notice slot 1: zero until the genesis registration, then fixed forever.
    bytes32 public stateKeyFingerprint;

    /// @notice slot 2: append-only list of every id ever proposed (measurements and devices).
    bytes32[] public proposedIds;

    // ---- immutables and constants (in the runtime code, covered by the pinned code hash) ------

    /// @notice May be a multisig contract; signer rotation happens inside it.
    address public immutable owner;
    /// @notice May cancel pending proposals and revoke; never propose. Zero = no guardian.
    address public immutable guardian;
    /// @notice Activation delay in seconds, fixed at deployment, at least MIN_DELAY.
    uint256 public immutable delay;

    uint256 public constant MIN_DELAY = 48 hours;
    /// @notice Upper bound on the delay so that block.timestamp + delay can never reach REVOKED.
    uint256 public constant MAX_DELAY = 365 days;
    uint256 public constant REVOKED = type(uint256).max;
    uint256 public constant VERSION = 2;

    bytes1 private constant KIND_MEASUREMENT = 0x01;
    bytes1 private constant KIND_DEVICE = 0x02;
    uint256 private constant MR_LENGTH = 48;

    // ---- events (spec 3.4): each carries the full preimage of its id --------------------------

    event MeasurementProposed(
        bytes32 indexed id,
        bytes mrtd,
        bytes rtmr0,
        bytes rtmr1,
        bytes rtmr2,
        bytes32 composeHash,
        bytes32 osImageHash,
        uint256 activeAt,
        address proposer
    );
    event DeviceProposed(bytes32 indexed key, bytes32 deviceId, uint256 activeAt, address proposer);
    /// @notice Human-readable context for a proposal (release notes URI, description).
    event ProposalDescribed(bytes32 indexed id, string description);
    event Cancelled(bytes32 indexed id, address by);
    event Revoked(bytes32 indexed id, address by);
    event StateKeyRegistered(bytes32 fingerprint, address by);

    constructor(address owner_, address guardian_, uint256 delay_) {
        require(owner_ != address(0), "owner is zero");
        require(guardian_ != owner_, "guardian equals owner");
        require(delay_ >= MIN_DELAY, "delay below 48 hours");
        require(delay_ <= MAX_DELAY, "delay above maximum");
        owner = owner_;
        guardian = guardian_;
        delay = delay_;
    }

    modifier onlyOwner() {
        require(msg.sender == owner, "not owner");
        _;
    }

    modifier onlyOwnerOrGuardian() {
        require(msg.sender == owner || (guardian != address(0) && msg.sender == guardian),
            "not owner or guardian");
        _;
    }

    // ---- state-changing functions (spec 3.3) -------------------------------------------------

    /// @notice Proposes a measurement; it becomes active at block.timestamp + delay.
    /// @param description optional URI or text shown to users; may be empty.
    function proposeMeasurement(
        bytes memory mrtd,
        bytes memory rtmr0,
        bytes memory rtmr1,
        bytes memory rtmr2,
        bytes32 composeHash,
        bytes32 osImageHash,
        string memory description
    ) external onlyOwner returns (bytes32 id) {
        id = measurementId(mrtd, rtmr0, rtmr1, rtmr2, composeHash, osImageHash);
        uint256 at = _propose(id, description);
        emit MeasurementProposed(id, mrtd, rtmr0, rtmr1, rtmr2, composeHash, osImageHash, at, msg.sender);
    }

    /// @notice Proposes a device (optional allow-list); same delay as measurements.
    function proposeDevice(bytes32 deviceId, string memory description)
        external
        onlyOwner
        returns (bytes32 key)
    {
        key = deviceKey(deviceId);
        uint256 at = _propose(key, description);
        emit DeviceProposed(key, deviceId, at, msg.sender);
    }

    /// @notice Withdraws a still-pending proposal; the id may be proposed again (new delay).
    function cancel(bytes32 id) external onlyOwnerOrGuardian {
        uint256 v = activeAt[id];
        require(v != 0 && v != REVOKED && v > block.timestamp, "not pending");
        delete activeAt[id];
        emit Cancelled(id, msg.sender);
    }

    /// @notice Permanently revokes an id (unknown, pending or active); takes effect immediately.
    function revoke(bytes32 id) external onlyOwnerOrGuardian {
        require(activeAt[id] != REVOKED, "already revoked");
        activeAt[id] = REVOKED;
        emit Revoked(id, msg.sender);
    }

    /// @notice Registers the application's state public-key fingerprint, once.
    function registerStateKey(bytes32 fingerprint) external onlyOwner {
        require(fingerprint != bytes32(0), "zero fingerprint");
        require(stateKeyFingerprint == bytes32(0), "already registered");
        stateKeyFingerprint = fingerprint;
        emit StateKeyRegistered(fingerprint, msg.sender);
    }

    // ---- views (spec 3.3 and 3.5 invariant 6) ------------------------------------------------

    /// @notice True iff 0 < activeAt[id] <= block.timestamp and not revoked.
    function isActive(bytes32 id) external view returns (bool) {
        uint256 v = activeAt[id];
        return v != 0 && v <= block.timestamp && v != REVOKED;
    }

    /// @notice Number of entries in proposedIds.
    function proposedCount() external view returns (uint256) {
        return proposedIds.length;
    }

    /// @notice keccak256(0x01 || MRTD || RTMR0 || RTMR1 || RTMR2 || composeHash || osImageHash).
    function measurementId(
        bytes memory mrtd,
        bytes memory rtmr0,
        bytes memory rtmr1,
        bytes memory rtmr2,
        bytes32 composeHash,
        bytes32 osImageHash
    ) public pure returns (bytes32) {
        require(
            mrtd.length == MR_LENGTH && rtmr0.length == MR_LENGTH && rtmr1.length == MR_LENGTH
                && rtmr2.length == MR_LENGTH,
            "register length must be 48"
        );
        return keccak256(
            abi.encodePacked(KIND_MEASUREMENT, mrtd, rtmr0, rtmr1, rtmr2, composeHash, osImageHash)
        );
    }

    /// @notice keccak256(0x02 || deviceId).
    function deviceKey(bytes32 deviceId) public pure returns (bytes32) {
        return keccak256(abi.encodePacked(KIND_DEVICE, deviceId));
    }

    function _propose(bytes32 id, string memory description) private returns (uint256 at) {
        require(activeAt[id] == 0, "already proposed or revoked");
        at = block.timestamp + delay;
        activeAt[id] = at;
        proposedIds.push(id);
        if (bytes(description).length != 0) {
            emit ProposalDescribed(id, description);
        }
    }
}
