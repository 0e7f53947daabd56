// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @title TestMultisig
/// @notice Minimal m-of-n multisig used by replicatoor's tests to show that UpgradeOperator works
///         with a contract owner. Not for production: use a Safe.
contract TestMultisig {
    struct Call {
        address target;
        bytes data;
        uint256 confirmations;
        bool executed;
    }

    mapping(address => bool) public isSigner;
    uint256 public immutable threshold;
    Call[] private calls;
    mapping(uint256 => mapping(address => bool)) public confirmed;

    event Submitted(uint256 indexed callId, address target);
    event Executed(uint256 indexed callId);

    constructor(address[] memory signers, uint256 threshold_) {
        require(threshold_ > 0 && threshold_ <= signers.length, "bad threshold");
        for (uint256 i = 0; i < signers.length; i++) {
            require(signers[i] != address(0) && !isSigner[signers[i]], "bad signer");
            isSigner[signers[i]] = true;
        }
        threshold = threshold_;
    }

    /// @notice Submits a call and counts the caller's confirmation.
    function submit(address target, bytes calldata data) external returns (uint256 callId) {
        require(isSigner[msg.sender], "not signer");
        calls.push(Call(target, data, 0, false));
        callId = calls.length - 1;
        emit Submitted(callId, target);
        _confirm(callId);
    }

    /// @notice Confirms a call; executes it once the threshold is reached.
    function confirm(uint256 callId) external {
        require(isSigner[msg.sender], "not signer");
        require(callId < calls.length, "no such call");
        _confirm(callId);
    }

    function _confirm(uint256 callId) private {
        Call storage c = calls[callId];
        require(!c.executed, "already executed");
        require(!confirmed[callId][msg.sender], "already confirmed");
        confirmed[callId][msg.sender] = true;
        c.confirmations += 1;
        if (c.confirmations >= threshold) {
            c.executed = true;
            (bool ok, bytes memory ret) = c.target.call(c.data);
            if (!ok) {
                assembly {
                    revert(add(ret, 32), mload(ret))
                }
            }
            emit Executed(callId);
        }
    }
}
