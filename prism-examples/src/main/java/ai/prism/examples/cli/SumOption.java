package ai.prism.examples.cli;

import ai.prism.core.json.FloatSummation;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The {@code --sum} option of the commands that reproduce a Python float {@code sum()}. */
final class SumOption {
  @Option(names = "--sum", defaultValue = "sequential", paramLabel = "sequential|compensated",
      converter = Converter.class,
      description = "Python float sum(): sequential (CPython <= 3.11, default) or compensated (CPython 3.12+).")
  FloatSummation summation;

  /** Reads {@code sequential} or {@code compensated}, in any case; anything else is a usage error. */
  static final class Converter implements CommandLine.ITypeConverter<FloatSummation> {
    @Override
    public FloatSummation convert(String value) {
      return switch (value.toLowerCase(Locale.ROOT)) {
        case "sequential" -> FloatSummation.SEQUENTIAL;
        case "compensated" -> FloatSummation.COMPENSATED;
        default -> throw new CommandLine.TypeConversionException(
            "--sum must be sequential or compensated: " + value);
      };
    }
  }
}
