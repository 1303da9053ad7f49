package dev.tlsdoctor.certs;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The trust anchors a certificate is verified against, with a name for messages (e.g. {@code ca.crt},
 * {@code ca-client.crt}, {@code the system trust store}).
 */
public record TrustPool(String name, List<X509Certificate> anchors) {

    private static volatile TrustPool system;

    /** Both pools' anchors in one, named after both. */
    public TrustPool plus(TrustPool other) {
        List<X509Certificate> all = new ArrayList<>(anchors);
        all.addAll(other.anchors());
        return new TrustPool(name + " and " + other.name(), all);
    }

    /** The JVM's default trust store, used when no CA is given, as a client without sslrootcert would. */
    public static TrustPool system() {
        TrustPool pool = system;
        if (pool == null) {
            try {
                TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                factory.init((KeyStore) null);
                for (TrustManager manager : factory.getTrustManagers()) {
                    if (manager instanceof X509TrustManager x509) {
                        pool = new TrustPool("the system trust store", List.of(x509.getAcceptedIssuers()));
                    }
                }
            } catch (GeneralSecurityException e) {
                pool = null;
            }
            if (pool == null) {
                pool = new TrustPool("the system trust store (unavailable)", List.of());
            }
            system = pool;
        }
        return pool;
    }
}
