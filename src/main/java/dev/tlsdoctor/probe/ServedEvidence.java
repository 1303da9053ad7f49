package dev.tlsdoctor.probe;

import dev.tlsdoctor.certs.BadFileException;
import dev.tlsdoctor.certs.CertEvidence;
import dev.tlsdoctor.certs.CertFacts;
import dev.tlsdoctor.certs.CertParser;
import dev.tlsdoctor.certs.CertRole;
import dev.tlsdoctor.certs.Hostnames;
import dev.tlsdoctor.certs.PathResult;
import dev.tlsdoctor.certs.PathValidator;
import dev.tlsdoctor.certs.TrustPool;
import dev.tlsdoctor.certs.Verification;
import dev.tlsdoctor.common.Evidence;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;

/**
 * Turns probe results into the evidence the rules read: the results themselves, and for each distinct
 * chain an endpoint served, a {@link CertEvidence} (so every certificate rule judges it exactly as it
 * judges a file), a {@link ServedChain} and, where the node's own files are at hand, a {@link ServedVsDisk}.
 */
public final class ServedEvidence {
    private ServedEvidence() {}

    /**
     * @param checkHostname whether clients check the server's name against its certificate (they do, except
     *     JDBC with sslmode=verify-ca and weaker)
     */
    public static List<Evidence> of(List<ProbeResult> results, TrustSources trust, Path certsDir, Instant at, boolean checkHostname) {
        List<Evidence> evidence = new ArrayList<>(results);
        Map<Endpoint, List<ProbeResult>> byEndpoint = new LinkedHashMap<>();
        for (ProbeResult r : results) {
            byEndpoint.computeIfAbsent(r.endpoint(), k -> new ArrayList<>()).add(r);
        }
        for (List<ProbeResult> same : byEndpoint.values()) {
            Map<List<X509Certificate>, List<ProbeResult>> byChain = new LinkedHashMap<>();
            for (ProbeResult r : same) {
                if (!r.servedChain().isEmpty()) {
                    byChain.computeIfAbsent(r.servedChain(), k -> new ArrayList<>()).add(r);
                }
            }
            for (Map.Entry<List<X509Certificate>, List<ProbeResult>> chain : byChain.entrySet()) {
                evidence.addAll(judge(chain.getKey(), chain.getValue(), trust, certsDir, at, checkHostname));
            }
        }
        return evidence;
    }

    private static List<Evidence> judge(List<X509Certificate> served, List<ProbeResult> seenBy, TrustSources trust, Path certsDir, Instant at,
            boolean checkHostname) {
        ProbeResult first = seenBy.get(0);
        Endpoint endpoint = first.endpoint();
        String subject = ProbeResult.subject(endpoint, String.join("+", seenBy.stream().map(r -> r.mode().label()).toList()));
        boolean nodePort = endpoint.port() == Endpoint.COCKROACH_PORT || seenBy.stream().anyMatch(r -> r.mode() == ProbeMode.PGWIRE);
        TrustPool pool = trust.poolFor(!nodePort);
        X509Certificate leaf = served.get(0);
        List<X509Certificate> sentAbove = served.subList(1, served.size());
        List<X509Certificate> withLocal = new ArrayList<>(sentAbove);
        withLocal.addAll(trust.untrustedCertificates());
        PathResult asServed = PathValidator.validate(leaf, sentAbove, pool, at);
        PathResult verified = PathValidator.validate(leaf, withLocal, pool, at);

        List<Evidence> out = new ArrayList<>();
        // Judged only as a server certificate (splitNode = true): whether it is also the node's client certificate is not visible from outside.
        out.add(new CertEvidence(subject, null, nodePort ? CertRole.NODE : CertRole.LEAF, null, served, CertParser.Encoding.DER,
                Set.of(CertFacts.EKU_SERVER_AUTH), checkHostname ? List.of(first.serverName()) : List.of(),
                List.of(new Verification("as the server certificate of " + endpoint, pool, verified, null)), null, certsDir, true));
        List<TrustSources.LocalCert> needed = new ArrayList<>();
        for (X509Certificate intermediate : verified.intermediates()) {
            if (!served.contains(intermediate)) {
                trust.untrusted().stream().filter(l -> l.cert().equals(intermediate)).findFirst().ifPresent(needed::add);
            }
        }
        out.add(new ServedChain(subject, served, pool.name(), asServed, verified, needed, hasIssuerUrl(served.get(served.size() - 1))));
        X509Certificate onDiskCert = null;
        Path diskFile = certsDir == null ? null : diskFile(certsDir, nodePort);
        if (diskFile != null) {
            onDiskCert = readLeaf(diskFile);
        }
        if (onDiskCert != null && (Hostnames.matches(onDiskCert, first.serverName()) || isThisMachine(endpoint.host()))) {
            out.add(new ServedVsDisk(subject, leaf, diskFile, onDiskCert));
        }
        return out;
    }

    /** The file the node serves on this endpoint: ui.crt for the DB Console when it exists, else node.crt. */
    private static Path diskFile(Path certsDir, boolean nodePort) {
        Path ui = certsDir.resolve("ui.crt");
        if (!nodePort && Files.isRegularFile(ui)) {
            return ui;
        }
        Path node = certsDir.resolve("node.crt");
        return Files.isRegularFile(node) ? node : null;
    }

    private static X509Certificate readLeaf(Path file) {
        try {
            return CertParser.certificatesIn(file).get(0);
        } catch (BadFileException unreadable) {
            return null; // 'tls-doctor check' reports the file; here it simply cannot be compared
        }
    }

    private static boolean isThisMachine(String host) {
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (address.isLoopbackAddress() || address.isAnyLocalAddress() || NetworkInterface.getByInetAddress(address) != null) {
                    return true;
                }
            }
        } catch (UnknownHostException | SocketException e) {
            return false;
        }
        return false;
    }

    private static boolean hasIssuerUrl(X509Certificate cert) {
        byte[] value = cert.getExtensionValue("1.3.6.1.5.5.7.1.1");
        if (value == null) {
            return false;
        }
        try {
            AuthorityInformationAccess aia = AuthorityInformationAccess.getInstance(ASN1OctetString.getInstance(value).getOctets());
            for (AccessDescription d : aia.getAccessDescriptions()) {
                if (d.getAccessMethod().equals(AccessDescription.id_ad_caIssuers)) {
                    return true;
                }
            }
        } catch (IllegalArgumentException malformed) {
            return false;
        }
        return false;
    }
}
