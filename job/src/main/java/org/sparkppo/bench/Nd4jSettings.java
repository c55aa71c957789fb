package org.sparkppo.bench;

import org.nd4j.linalg.api.memory.MemoryManager;
import org.nd4j.linalg.factory.Environment;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.profiler.OpProfiler;
import org.nd4j.linalg.profiler.ProfilerConfig;

/** Process-wide ND4J settings a variant runs under; {@link #apply()} returns how to undo it. */
enum Nd4jSettings {
    DEFAULT("ND4J defaults"),
    /**
     * ND4J's default profiler configuration checks, before every op, that no argument lives in a
     * closed workspace ({@code checkWorkspaces = true}, the {@code SCOPE_PANIC} profiling mode);
     * {@code setProfilingMode(DISABLED)} keeps that check, only an explicit configuration drops it.
     */
    NO_WORKSPACE_CHECKS("ProfilerConfig checkWorkspaces=false"),
    /** One master thread and one op thread (OMP_NUM_THREADS=1 already limits the op threads). */
    ONE_THREAD("setMaxMasterThreads(1), setMaxThreads(1)"),
    /** ND4J's periodic System.gc(), off by default in this version: the variant shows it changes nothing. */
    PERIODIC_GC_OFF("togglePeriodicGc(false)"),
    ALL("all of the above");

    private final String label;

    Nd4jSettings(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    Runnable apply() {
        ProfilerConfig profiler = OpProfiler.getInstance().getConfig();
        Environment environment = Nd4j.getEnvironment();
        int masterThreads = environment.maxMasterThreads();
        int threads = environment.maxThreads();
        MemoryManager memory = Nd4j.getMemoryManager();
        boolean periodicGc = memory.isPeriodicGcActive();
        if (this == NO_WORKSPACE_CHECKS || this == ALL) {
            Nd4j.getExecutioner().setProfilingConfig(ProfilerConfig.builder().checkWorkspaces(false).build());
        }
        if (this == ONE_THREAD || this == ALL) {
            environment.setMaxMasterThreads(1);
            environment.setMaxThreads(1);
        }
        if (this == PERIODIC_GC_OFF || this == ALL) {
            memory.togglePeriodicGc(false);
        }
        return () -> {
            Nd4j.getExecutioner().setProfilingConfig(profiler);
            environment.setMaxMasterThreads(masterThreads);
            environment.setMaxThreads(threads);
            memory.togglePeriodicGc(periodicGc);
        };
    }
}
