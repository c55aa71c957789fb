package org.sparkppo.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs a JVM with and without the CPU's FMA instructions and reads what {@link FmaInstructions} says in each. */
class FmaInstructionsTest {

    /** Prints the warning, or "none". */
    public static final class Probe {
        public static void main(String[] args) {
            System.out.print(FmaInstructions.slowFmaWarning().orElse("none"));
        }
    }

    @Test
    void warnsWhenTheJvmComputesFmaInSoftware() throws Exception {
        assumeTrue(System.getProperty("os.arch").equals("amd64"), "UseAVX is an x86-64 flag");
        String withoutFma = probe(List.of("-XX:UseAVX=0"));
        assertTrue(withoutFma.startsWith("warning: this JVM has no fused multiply-add instructions"), withoutFma);
    }

    @Test
    void warnsExactlyWhenTheCpuLacksFma() throws Exception {
        Path cpuInfo = Paths.get("/proc/cpuinfo");
        assumeTrue(System.getProperty("os.arch").equals("amd64") && Files.isReadable(cpuInfo), "x86-64 Linux");
        boolean cpuHasFma = Files.readAllLines(cpuInfo).stream()
                .filter(line -> line.startsWith("flags"))
                .anyMatch(line -> List.of(line.split("\\s+")).contains("fma"));
        assertEquals(cpuHasFma, probe(List.of()).equals("none"));
    }

    private static String probe(List<String> jvmOptions) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Probe.class.getName()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
        return output;
    }
}
