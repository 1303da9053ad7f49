package dev.tlsdoctor.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ExpositionTest {
    @Test
    void mergesFamiliesOfSeveralSourcesUnderOneHeaderWithTheSourceLabel() {
        String a = """
                # HELP tls_doctor_status Status.
                # TYPE tls_doctor_status gauge
                tls_doctor_status 2
                # HELP tls_doctor_findings Findings.
                # TYPE tls_doctor_findings gauge
                tls_doctor_findings{rule="expired",severity="error"} 1
                """;
        String b = a.replace("tls_doctor_status 2", "tls_doctor_status 0").replace("} 1", "} 0");
        String merged = new Exposition().add("# HELP up Own.\n# TYPE up gauge\nup 1\n", null, null)
                .add(a, "source", "/a").add(b, "source", "/b \"q\"").render();
        assertEquals("""
                # HELP up Own.
                # TYPE up gauge
                up 1
                # HELP tls_doctor_status Status.
                # TYPE tls_doctor_status gauge
                tls_doctor_status{source="/a"} 2
                tls_doctor_status{source="/b \\"q\\""} 0
                # HELP tls_doctor_findings Findings.
                # TYPE tls_doctor_findings gauge
                tls_doctor_findings{source="/a",rule="expired",severity="error"} 1
                tls_doctor_findings{source="/b \\"q\\"",rule="expired",severity="error"} 0
                """, merged);
    }
}
