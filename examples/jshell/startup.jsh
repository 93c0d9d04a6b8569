// prism-java JShell startup: the library's main packages and the DJL types a model needs.
// Loaded by `./prism jshell` after JShell's DEFAULT imports. Try: /open examples/jshell/quickstart.jsh
import ai.djl.ndarray.*;
import ai.djl.ndarray.types.*;
import ai.djl.nn.*;
import ai.djl.nn.core.*;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.*;
import ai.djl.util.PairList;
import ai.prism.core.capture.*;
import ai.prism.core.data.*;
import ai.prism.core.manifest.*;
import ai.prism.core.recipe.*;
import ai.prism.core.run.*;
import ai.prism.core.tokenizer.*;
import ai.prism.examples.data.*;
import ai.prism.examples.models.*;
import ai.prism.examples.report.*;
import ai.prism.scoring.*;
import java.nio.file.*;
