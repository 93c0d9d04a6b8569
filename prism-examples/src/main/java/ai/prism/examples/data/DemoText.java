package ai.prism.examples.data;

import java.util.HashMap;
import java.util.Map;

/**
 * Generates English prose about an invented coastal region from sentence patterns and word lists
 * written for this project. Deterministic: the same seed gives the same text on every JVM (own
 * SplitMix64 generator, no locale or platform dependence).
 */
final class DemoText {

  private static final Map<String, String[]> WORDS = new HashMap<>();

  private static void words(String key, String... values) {
    WORDS.put(key, values);
  }

  static {
    words("town", "Ellerby", "Saltmarsh", "Hollin Bay", "Corran", "Westwick", "Mirefield", "Aldergate", "Penhallow",
        "Thornby", "Kestle", "Brackwater", "Fennick", "Ashcombe", "Rookhaven", "Lowmoor", "Tarrow");
    words("river", "the Wend", "the Sallow", "the Marrow", "the Idle", "the Coldbrook", "the Threl");
    words("hill", "Beacon Hill", "the Raven Down", "Garrow Tor", "the Long Ridge", "High Cairn", "Sheepfold Hill");
    words("name", "Agnes", "Thomas", "Margaret", "William", "Eleanor", "Samuel", "Harriet", "Joseph", "Clara", "Edwin",
        "Martha", "Robert", "Lydia", "Henry", "Ada", "George", "Ruth", "Walter", "Esther", "Arthur");
    words("surname", "Pell", "Hargreave", "Tolley", "Marsh", "Crane", "Ashby", "Fenwick", "Lowther", "Penrose", "Quill",
        "Rudd", "Sayer", "Trevail", "Wicks", "Yarrow");
    words("bird", "curlew", "oystercatcher", "redshank", "lapwing", "skylark", "wren", "kestrel", "heron", "tern",
        "dunlin", "stonechat", "meadow pipit", "ringed plover", "barn owl", "linnet");
    words("plant", "sea thrift", "marram grass", "gorse", "heather", "bracken", "samphire", "sea lavender", "foxglove",
        "meadowsweet", "bog cotton", "yellow flag", "wild thyme", "sea kale", "campion");
    words("tree", "alder", "hawthorn", "blackthorn", "rowan", "ash", "oak", "willow", "holly", "hazel", "birch");
    words("season", "spring", "summer", "autumn", "winter", "early spring", "late summer", "the first weeks of autumn",
        "the depth of winter");
    words("month", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December");
    words("weather", "a cold wind from the north", "steady rain", "a thin sea mist", "bright, still weather",
        "a gale that lasted three days", "low cloud over the hills", "a hard frost", "warm showers", "a dry east wind");
    words("trade", "fishing", "salt making", "weaving", "boat building", "quarrying", "rope making", "farming",
        "milling", "smithing", "carting", "net mending", "brewing");
    words("building", "the old mill", "the lighthouse", "the harbour wall", "the parish church", "the market hall",
        "the tide mill", "the school house", "the customs house", "the chapel", "the bridge", "the coach inn");
    words("material", "grey stone", "red brick", "timber and slate", "flint and lime", "rough granite", "oak beams");
    words("food", "bread", "oat cakes", "fish stew", "barley broth", "apple pie", "smoked herring", "cheese",
        "onion soup", "plum jam", "pea soup", "honey cake", "potato pie", "griddle scones");
    words("ingredient", "flour", "butter", "salt", "a little sugar", "two eggs", "a cup of milk", "fresh herbs",
        "a pinch of pepper", "chopped onions", "dried fruit", "oats", "a spoonful of honey", "grated cheese", "cold water");
    words("tool", "a spade", "a lantern", "a net", "a sickle", "a compass", "a notebook", "a spyglass", "a basket",
        "a walking stick", "a rope");
    words("adj", "quiet", "busy", "old", "narrow", "windy", "small", "prosperous", "remote", "busy", "pleasant",
        "crowded", "sheltered", "exposed", "modest", "handsome");
    words("feeling", "glad", "tired", "surprised", "pleased", "anxious", "grateful", "curious", "hopeful");
    words("number", "two", "three", "four", "five", "six", "seven", "eight", "ten", "twelve", "twenty", "forty");
    words("day", "first", "second", "third", "fourth", "fifth", "sixth", "eighth", "ninth", "tenth", "twelfth",
        "fifteenth", "seventeenth", "twentieth", "twenty-first", "twenty-fourth", "twenty-eighth");
    words("year", "1712", "1748", "1763", "1789", "1801", "1815", "1832", "1847", "1856", "1871", "1889", "1902");
    words("direction", "north", "south", "east", "west", "inland", "along the shore", "up the valley");
    words("time", "at dawn", "in the early afternoon", "towards evening", "after dark", "before breakfast",
        "at low tide", "at high water", "around noon");
    words("animal", "sheep", "cattle", "ponies", "hares", "seals", "foxes", "otters", "goats");
    words("object", "a brass bell", "an old map", "a carved stone", "a ship's lantern", "a set of scales",
        "a painted sign", "a clay jug", "an iron key", "a broken oar", "a wooden chest");
    words("topic", "the tides", "the weather", "a windmill", "a lighthouse", "bread", "salt", "the seasons",
        "a sundial", "a water wheel", "the stars");
  }

  /** Sentence patterns by kind; {@code {key}} draws from the word lists. */
  private static final String[][] PATTERNS = {
    { // field notes
      "The {bird} returns to the marshes near {town} in {season}, when the mud is soft and full of food.",
      "On the morning of the {day} of {month} I counted {number} {bird}s feeding along the edge of {river}.",
      "{plant} grows thickly on the slopes of {hill}, where the soil is thin and the wind rarely drops.",
      "A pair of {bird}s had built their nest among the {plant}, no more than a few yards from the path.",
      "The {tree} by the ford was already in leaf, although {weather} had kept most of the valley bare.",
      "I watched a {bird} for nearly an hour; it moved slowly {direction}, stopping every few steps to listen.",
      "In wet years the {plant} spreads across the lower fields and the farmers complain of it at market.",
      "Few people walk this far {direction}, and the {animal} that graze here hardly lift their heads.",
      "By {time} the light had changed and the {bird}s rose together, turning once before they settled again.",
      "The old shepherds say that when the {bird} calls at night, {weather} will follow before the week is out.",
      "Below {hill} the ground is wet all year, and the {tree}s lean away from the sea.",
      "I found {object} half buried in the sand, though no one in {town} could tell me where it came from.",
    },
    { // histories
      "{town} was a {adj} place in {year}, with {number} families and a single road to the coast.",
      "Most of the people earned their living by {trade}, and many also kept a few {animal} on the common.",
      "{building} was built in {year} of {material}, and it still stands at the end of the main street.",
      "In {year} a great storm broke the harbour wall, and the town took {number} years to repair the damage.",
      "The market grew quickly after the new road opened, and traders came from as far as {town}.",
      "By {year} the trade in {trade} had declined, and younger families began to leave for {town}.",
      "The records of the parish show that {name} {surname} kept {building} for more than {number} years.",
      "When the railway reached {town} in {year}, the old coaching trade came to an end almost at once.",
      "Visitors often remark on {building}, which is larger than one would expect in so {adj} a town.",
      "The town council met in {building} on the first Monday of each month to settle disputes about {trade}.",
      "Old maps show a ferry across {river}, although nothing of it remains except a few posts in the mud.",
      "Much of what we know about those years comes from the letters of {name} {surname}, who taught at the school.",
    },
    { // letters
      "I hope this letter finds you well, and that {weather} has not kept you indoors all week.",
      "We arrived in {town} on the {day} of {month} after a long and rather uncomfortable journey.",
      "The house is {adj} but warm, and from the upper window we can see {river} and the hills beyond.",
      "{name} sends her love and asks whether you still mean to visit us in {season}.",
      "I was {feeling} to hear your news, and I have read your last letter several times.",
      "Yesterday we walked as far as {hill} and came home {time}, wet through but very cheerful.",
      "The people here are kind, though they speak little of anything but {trade} and the price of {food}.",
      "Please tell {name} that I have not forgotten the book I promised, and that I will send it soon.",
      "We have had {weather} for most of the month, and the roads are almost impassable.",
      "If you come by the coast road, ask for the house beside {building}; anyone will show you the way.",
      "I must close now, as the carrier leaves for {town} {time} and I want this to reach you quickly.",
      "Write when you can, and tell me everything, however small; we hear very little news out here.",
    },
    { // recipes
      "To make {food} in the old way, begin with {ingredient} and {ingredient} in a large bowl.",
      "Mix them gently until the mixture is smooth, then add {ingredient} a little at a time.",
      "Leave the bowl in a warm place for about {number} hours, covered with a clean cloth.",
      "Heat the oven well before you begin, because a cold oven will spoil the crust.",
      "Bake for around {number} minutes, or until the top is golden and firm to the touch.",
      "In {town} they add {ingredient}, which gives the {food} a richer taste.",
      "Serve it warm with {food}, or keep it in a cool larder for up to {number} days.",
      "My grandmother never measured anything, but she always said that patience mattered more than skill.",
      "If the mixture seems too dry, add {ingredient}; if it seems too wet, add a handful of {ingredient}.",
      "This quantity will feed {number} people, or a smaller family for several days.",
      "Some cooks prefer to use {ingredient} instead, but the result is heavier and less sweet.",
    },
    { // explanations
      "To understand {topic}, it helps to begin with a simple question: what changes, and what stays the same?",
      "Twice each day the sea rises and falls along the coast, because the moon and the sun pull on the water.",
      "A water wheel turns when the weight of falling water pushes against its paddles, one after another.",
      "The miller could grind more grain in a wet year, because the stream ran faster and the wheel turned longer.",
      "A lighthouse must be seen from far away, so its lamp is placed high and its light is gathered by glass.",
      "Bread rises because tiny living yeasts feed on the flour and release gas, which is trapped in the dough.",
      "Salt was made on this coast by letting sea water stand in shallow pans until the sun and wind dried it.",
      "A sundial tells the hour by the shadow of a fixed edge, which moves as the sun crosses the sky.",
      "The stars appear to turn around a single point in the north, and sailors used that point to find their way.",
      "When warm, wet air from the sea meets the cold hills, it cools, and the water in it falls as rain.",
      "It is easy to remember the rule, but harder to see why it works, and that is the more useful lesson.",
      "Children in {town} learned these things at school, but the fishermen knew them long before any book was written.",
      "If you watch carefully for a whole year, you will notice that the pattern repeats, though never exactly.",
    },
    { // diary
      "{month} the {day}. Rose {time} and walked {direction} along the shore towards {town}.",
      "The tide was out, and the sand was covered with the tracks of {bird}s and the prints of {animal}.",
      "Met {name} {surname} at the bridge; we talked for a while about {trade} and the coming {season}.",
      "Spent the afternoon in {building}, copying old notes by the light of a single window.",
      "{weather} came in {time}, so I stayed by the fire and read until late.",
      "Bought {food} at the market and a new {tool} from the stall by the church.",
      "The view from {hill} was very fine, with {river} shining below and the sea beyond it.",
      "Felt {feeling} all day, though I could not say why; perhaps it was only the change in the weather.",
      "Mended {object} this evening and put it back on the shelf where it belongs.",
      "Tomorrow I hope to cross {river} and reach {town} before dark, if the ferry is running.",
    },
  };

  private static final String[][] TITLES = {
    {"Notes on the {bird} of {town}", "A Walk to {hill}", "Birds and Plants of {river}", "Field Notes from {town}"},
    {"A Short History of {town}", "The Story of {building}", "{town} in {year}", "Trade and Weather in {town}"},
    {"A Letter from {town}", "Dear {name}", "News from {town}", "Letter to {name} {surname}"},
    {"How to Make {food}", "{food} from {town}", "A Recipe for {food}", "Kitchen Notes: {food}"},
    {"How {topic} Works", "On {topic}", "A Plain Account of {topic}", "Questions about {topic}"},
    {"From the Diary of {name} {surname}", "A Week in {town}", "Diary, {month} {year}", "Days by {river}"},
  };

  private long state;

  DemoText(long seed) {
    this.state = seed;
  }

  /** SplitMix64: a fixed, documented generator (identical on every JVM). */
  private long nextLong() {
    long z = (state += 0x9E3779B97F4A7C15L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private int nextInt(int bound) {
    return (int) Long.remainderUnsigned(nextLong(), bound);
  }

  private String pick(String[] values) {
    return values[nextInt(values.length)];
  }

  private String fill(String pattern) {
    StringBuilder sb = new StringBuilder(pattern.length() + 32);
    int i = 0;
    while (i < pattern.length()) {
      int open = pattern.indexOf('{', i);
      if (open < 0) {
        sb.append(pattern, i, pattern.length());
        break;
      }
      int close = pattern.indexOf('}', open);
      sb.append(pattern, i, open);
      String[] values = WORDS.get(pattern.substring(open + 1, close));
      if (values == null) {
        throw new IllegalStateException("unknown slot in pattern: " + pattern);
      }
      sb.append(pick(values));
      i = close + 1;
    }
    if (sb.length() > 0 && Character.isLowerCase(sb.charAt(0))) {
      sb.setCharAt(0, Character.toUpperCase(sb.charAt(0)));
    }
    return sb.toString();
  }

  /** One document: a title and 3 to 7 paragraphs of 3 to 7 sentences of one kind. */
  String document() {
    int kind = nextInt(PATTERNS.length);
    String[] patterns = PATTERNS[kind];
    StringBuilder doc = new StringBuilder(fill(pick(TITLES[kind]))).append("\n\n");
    int paragraphs = 3 + nextInt(5);
    boolean[] used = new boolean[patterns.length];
    int usedCount = 0;
    for (int p = 0; p < paragraphs; p++) {
      int sentences = 3 + nextInt(5);
      for (int s = 0; s < sentences; s++) {
        if (s > 0) {
          doc.append(' ');
        }
        if (usedCount == patterns.length) {
          java.util.Arrays.fill(used, false);
          usedCount = 0;
        }
        int k = nextInt(patterns.length);
        while (used[k]) {
          k = (k + 1) % patterns.length;
        }
        used[k] = true;
        usedCount++;
        doc.append(fill(patterns[k]));
      }
      doc.append(p + 1 < paragraphs ? "\n\n" : "\n");
    }
    return doc.toString();
  }
}
