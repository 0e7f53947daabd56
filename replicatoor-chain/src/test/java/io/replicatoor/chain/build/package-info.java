/** Tests of the contract build checks (solc --verify, storage layout). Test code only. */
package io.replicatoor.chain.build;
