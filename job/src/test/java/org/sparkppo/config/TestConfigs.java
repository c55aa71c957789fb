package org.sparkppo.config;

import java.util.List;
import org.sparkppo.env.EnvRegistry;

/** Builds configs for tests through the real loader: built-in defaults plus {@code --set} overrides. */
public final class TestConfigs {

    private TestConfigs() {
    }

    public static PpoConfig load(List<String> overrides) {
        return new PpoConfigLoader(EnvRegistry.load()).load(List.of(), overrides);
    }
}
