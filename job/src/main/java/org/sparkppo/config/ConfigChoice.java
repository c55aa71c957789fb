package org.sparkppo.config;

import java.util.Arrays;

/** A setting that takes one of a fixed set of names (an enum constant per name). */
public interface ConfigChoice {

    /** The name the config uses for this choice. */
    String configName();

    /** The choice named {@code name}, or a bad-input error naming {@code key}, the names allowed and the finding. */
    static <E extends Enum<E> & ConfigChoice> E parse(String key, String name, E[] choices) {
        return Arrays.stream(choices).filter(c -> c.configName().equals(name)).findFirst()
                .orElseThrow(() -> new BadInputException(key + ": expected one of " + Arrays.stream(choices)
                        .map(c -> "'" + c.configName() + "'").toList() + ", found '" + name + "'"));
    }
}
