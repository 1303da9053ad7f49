package dev.tlsdoctor.probe;

import dev.tlsdoctor.certs.CertNames;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.security.auth.x500.X500Principal;

/**
 * The key and trust managers of one probe handshake. The trust manager RECORDS the server's chain and
 * accepts it, so the handshake gets far enough to see everything; the verdict on the chain comes
 * afterwards from our own path validation, never from this class. The key manager records whether the
 * server asked for a client certificate, and presents ours when we have one.
 */
final class HandshakeRecorder {
    private static final String ALIAS = "tls-doctor-client";

    private final ClientIdentity identity;
    private volatile List<X509Certificate> served = List.of();
    private volatile boolean requested;
    private volatile List<String> acceptedIssuers = List.of();
    private volatile boolean presented;

    HandshakeRecorder(ClientIdentity identity) {
        this.identity = identity;
    }

    List<X509Certificate> servedChain() {
        return served;
    }

    boolean receivedServerCertificate() {
        return !served.isEmpty();
    }

    boolean presented() {
        return presented;
    }

    boolean requested() {
        return requested;
    }

    ProbeResult.ClientAuth clientAuth(String alert) {
        X509Certificate ours = presented ? identity.certificate() : null;
        return new ProbeResult.ClientAuth(requested, acceptedIssuers,
                ours == null ? null : CertNames.shortName(ours.getSubjectX500Principal()),
                ours == null ? null : CertNames.shortName(ours.getIssuerX500Principal()), alert,
                ours == null ? null : ours.getNotBefore().toInstant(), ours == null ? null : ours.getNotAfter().toInstant());
    }

    X509ExtendedTrustManager trustManager() {
        return new X509ExtendedTrustManager() {
            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
                record(chain);
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
                record(chain);
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                record(chain);
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
                throw new CertificateException("a probe is a client");
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
                throw new CertificateException("a probe is a client");
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                throw new CertificateException("a probe is a client");
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
    }

    private void record(X509Certificate[] chain) {
        served = chain == null ? List.of() : List.copyOf(Arrays.asList(chain));
    }

    X509ExtendedKeyManager keyManager() {
        return new X509ExtendedKeyManager() {
            @Override
            public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
                return choose(keyTypes, issuers);
            }

            @Override
            public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
                return choose(keyTypes, issuers);
            }

            @Override
            public X509Certificate[] getCertificateChain(String alias) {
                return ALIAS.equals(alias) && identity != null ? identity.chain().toArray(X509Certificate[]::new) : null;
            }

            @Override
            public PrivateKey getPrivateKey(String alias) {
                return ALIAS.equals(alias) && identity != null ? identity.key() : null;
            }

            @Override
            public String[] getClientAliases(String keyType, Principal[] issuers) {
                return identity != null ? new String[] {ALIAS} : new String[0];
            }

            @Override
            public String[] getServerAliases(String keyType, Principal[] issuers) {
                return new String[0];
            }

            @Override
            public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
                return null;
            }
        };
    }

    /**
     * Called only when the server sent a CertificateRequest. We present our certificate whenever its key
     * type fits, even when it is not from a CA the server listed: the server's verdict is what we want to see.
     */
    private String choose(String[] keyTypes, Principal[] issuers) {
        requested = true;
        if (issuers != null && issuers.length > 0) {
            List<String> names = new ArrayList<>();
            for (Principal p : issuers) {
                names.add(p instanceof X500Principal x ? CertNames.shortName(x) : p.getName());
            }
            acceptedIssuers = List.copyOf(names);
        }
        if (identity == null) {
            return null;
        }
        String algorithm = identity.key().getAlgorithm().toUpperCase(Locale.ROOT);
        for (String keyType : keyTypes) {
            String type = keyType.toUpperCase(Locale.ROOT);
            if (type.startsWith(algorithm) || algorithm.equals("RSA") && type.equals("RSASSA-PSS")
                    || algorithm.equals("EDDSA") && (type.equals("ED25519") || type.equals("ED448"))) {
                presented = true;
                return ALIAS;
            }
        }
        return null;
    }
}
