package org.sparkppo.env.check;

import java.util.ArrayList;
import java.util.List;

/** What {@link EnvironmentChecker} found: the contract violations, each with a fix, and measurements. */
public final class CheckReport {

    /**
     * One violation.
     *
     * @param check   the check that found it, e.g. {@code determinism}
     * @param problem what the environment did
     * @param fix     what to change
     */
    public record Problem(String check, String problem, String fix) {
        /** One report line. */
        public String line() {
            return "problem [" + check + "] " + problem + "; fix: " + fix;
        }
    }

    private final List<Problem> problems = new ArrayList<>();
    private final List<String> measurements = new ArrayList<>();

    void problem(String check, String problem, String fix) {
        problems.add(new Problem(check, problem, fix));
    }

    void measured(String line) {
        measurements.add(line);
    }

    public List<Problem> problems() {
        return List.copyOf(problems);
    }

    /** Throughput and snapshot cost, one line each. */
    public List<String> measurements() {
        return List.copyOf(measurements);
    }

    public boolean clean() {
        return problems.isEmpty();
    }

    /** Whether some problem was found by {@code check}. */
    public boolean found(String check) {
        return problems.stream().anyMatch(p -> p.check().equals(check));
    }
}
