package ai.prism.core.data;

/** A document to prepare into a locked corpus: its id drives the partition; text is stored as is. */
public record SourceDocument(String id, String text) {}
