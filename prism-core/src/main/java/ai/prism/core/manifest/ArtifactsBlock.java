package ai.prism.core.manifest;

import static ai.prism.core.manifest.FieldSpec.requiredNullable;

import ai.prism.core.json.JsonNull;
import ai.prism.core.json.JsonObject;
import ai.prism.core.json.JsonString;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code artifacts} block (spec §5.7): the trained-state file the held-out evaluation may load
 * ({@value #TRAINED_STATE_FILE}), or null when none was saved.
 */
public record ArtifactsBlock(JsonObject json) {
  /** The only trained-state name the host will load. */
  public static final String TRAINED_STATE_FILE = "trained_state.pt";

  static final FieldSpec TRAINED_STATE = requiredNullable("trained_state", FieldType.STR);
  static final List<FieldSpec> FIELDS = List.of(TRAINED_STATE);

  /** Rejects a null object. */
  public ArtifactsBlock {
    Objects.requireNonNull(json, "json");
  }

  /** A block recording {@code trainedState} (a file name, or null when nothing was saved). */
  public static ArtifactsBlock of(String trainedState) {
    return new ArtifactsBlock(
        JsonObject.EMPTY.with(
            TRAINED_STATE.name(),
            trainedState == null ? JsonNull.INSTANCE : new JsonString(trainedState)));
  }

  public Optional<String> trainedState() {
    return Fields.string(json, TRAINED_STATE);
  }

  void validate(Validator v, String path) {
    v.fields(path, json, FIELDS);
  }
}
