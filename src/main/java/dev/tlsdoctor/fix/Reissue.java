package dev.tlsdoctor.fix;

import dev.tlsdoctor.pki.CockroachCert;
import dev.tlsdoctor.pki.Pki;
import dev.tlsdoctor.rules.Finding;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Issues a node or client certificate as cockroach cert would ({@link CockroachCert}), signed by
 * {@code ca}, for the key already beside it, or for a new RSA 2048 key when {@code existingKey} is null
 * (the key file, and its PKCS#8 copy when there is one, are then written too, mode 0600).
 *
 * @param existingKey the key kept, or null for a new one
 * @param pk8 the PKCS#8 copy to rewrite with a new key, or null
 * @param certMode the mode of the certificate file (the old file's, else 0644)
 * @param why why the key is new or kept, for the plan
 * @param newFile whether the certificate file is new (issued, not re-issued)
 */
public record Reissue(List<Finding> resolves, Path certFile, Path keyFile, Path pk8, CockroachCert spec, SigningCa ca, KeyPair existingKey,
        int certMode, String why, boolean newFile) implements Step {

    @Override
    public String action() {
        return (newFile ? "issue " : "re-issue ") + certFile;
    }

    @Override
    public List<String> details() {
        List<String> lines = new ArrayList<>(spec.describe());
        lines.add("signed by " + ca.describe() + ", SHA-256");
        lines.add(why);
        lines.add("certificate mode " + FixModes.octal(certMode) + (existingKey == null ? "; key mode 0600" + (pk8 != null ? ", and its PKCS#8 copy " + pk8.getFileName() : "") : ""));
        return lines;
    }

    @Override
    public List<Path> touches() {
        List<Path> files = new ArrayList<>(List.of(certFile));
        if (existingKey == null) {
            files.add(keyFile);
            if (pk8 != null) {
                files.add(pk8);
            }
        }
        return files;
    }

    @Override
    public Map<Path, Integer> keyModes() {
        Map<Path, Integer> modes = new LinkedHashMap<>();
        if (existingKey == null) {
            modes.put(keyFile, FixModes.KEY);
            if (pk8 != null) {
                modes.put(pk8, FixModes.KEY);
            }
        }
        return modes;
    }

    @Override
    public void apply(Workspace workspace) throws IOException {
        KeyPair keys = existingKey != null ? existingKey : Pki.freshKey(CockroachCert.KEY_KIND);
        X509Certificate cert = spec.issue(ca.issuer(), keys);
        if (existingKey == null) { // the key first: a certificate beside a key it does not match would not load
            workspace.replace(keyFile, Pki.traditionalKeyPem(keys).getBytes(StandardCharsets.US_ASCII), FixModes.KEY);
            if (pk8 != null) {
                workspace.replace(pk8, keys.getPrivate().getEncoded(), FixModes.KEY);
            }
        }
        workspace.replace(certFile, Pki.pem(cert).getBytes(StandardCharsets.US_ASCII), certMode);
    }

    @Override
    public String toString() {
        return "Reissue[" + certFile + ", " + spec + "]"; // never the key
    }
}
