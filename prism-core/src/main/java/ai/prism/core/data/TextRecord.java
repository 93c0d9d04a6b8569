package ai.prism.core.data;

/**
 * A document accepted by the runner's reader: shard file name, 0-based raw line offset (blank
 * lines counted), the text, and its UTF-8 length in bytes.
 */
public record TextRecord(String shard, long offset, String text, long utf8Length) {}
