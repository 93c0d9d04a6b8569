package ai.prism.bundle;

/**
 * How strictly bundles are judged. {@link #REFERENCE} reproduces the reference's verdicts, quirks
 * and gaps included, so a Java validator agrees with a Python one; {@link #HARDENED} additionally
 * closes the gaps the reference is known to leave open (spec §2.9 and §11).
 */
public enum SandboxPolicy {
  /** The reference's verdicts exactly, quirks included (the default). */
  REFERENCE,
  /**
   * The reference's checks, unchanged and run first (a bundle the reference rejects gets the reference's
   * violation), plus: a zip entry may not climb out of the zip's folder with one
   * {@code ../}; local file stems never whitelist a standard-library or blocked module
   * ({@code os.py} no longer allows {@code import os}); imports of {@code torch.hub},
   * {@code torch.utils.cpp_extension} and of {@code load}/{@code save}/{@code hub} from
   * {@code torch}/{@code torch.serialization} are refused; {@code from <allowed package> import <module>}
   * of a blocked or other non-allowed standard-library module is refused
   * ({@code from prism_challenge.evaluator.heldout import os}); the call checks also run on the
   * alias-resolved name ({@code import torch as t; t.load(p)} is {@code torch.load}); {@code torch.serialization.load}
   * and {@code torch.jit.load}/{@code save} follow the {@code torch.load}/{@code torch.save} path rules;
   * relative imports must name local modules and may not climb more than one package level; and
   * attribute access to a blocked module through another module ({@code x.os}, {@code x.subprocess}) is refused.
   */
  HARDENED
}
