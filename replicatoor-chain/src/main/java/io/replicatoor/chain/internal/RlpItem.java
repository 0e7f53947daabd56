package io.replicatoor.chain.internal;

import java.util.List;

/**
 * One decoded RLP item: a byte string or a list. Keeps its own canonical encoding so that an
 * embedded trie node can be used exactly as it appeared in its parent.
 */
public final class RlpItem {
  private final byte[] payload; // string content; null for a list
  private final List<RlpItem> items; // null for a string
  private final byte[] encoding;

  private RlpItem(byte[] payload, List<RlpItem> items, byte[] encoding) {
    this.payload = payload;
    this.items = items;
    this.encoding = encoding;
  }

  static RlpItem string(byte[] payload, byte[] encoding) {
    return new RlpItem(payload, null, encoding);
  }

  static RlpItem list(List<RlpItem> items, byte[] encoding) {
    return new RlpItem(null, List.copyOf(items), encoding);
  }

  /** True for a list. */
  public boolean isList() {
    return items != null;
  }

  /** The string's content (a copy); throws for a list. */
  public byte[] bytes() {
    if (payload == null) {
      throw new IllegalStateException("RLP item is a list, not a string");
    }
    return payload.clone();
  }

  /** Length of the string's content; throws for a list. */
  public int length() {
    if (payload == null) {
      throw new IllegalStateException("RLP item is a list, not a string");
    }
    return payload.length;
  }

  /** The list's items; throws for a string. */
  public List<RlpItem> items() {
    if (items == null) {
      throw new IllegalStateException("RLP item is a string, not a list");
    }
    return items;
  }

  /** The item's own canonical encoding (a copy). */
  public byte[] encoding() {
    return encoding.clone();
  }

  @Override
  public String toString() {
    return isList()
        ? "RlpList[" + items.size() + " items]"
        : "RlpString[" + payload.length + " bytes]";
  }
}
