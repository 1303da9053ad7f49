package dev.tlsdoctor.testing;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The server side of TLS in the JVM, for peers a real server will not play: any chain at all (16 MB of
 * it, if asked), one protocol version pinned, and pgwire's SSLRequest answered with 'S' first. Used inside
 * a {@link FakeServer} behaviour, which hands over the accepted plain socket.
 */
public final class TlsPeer {
    private static final String ALIAS = "served";

    private TlsPeer() {}

    /** A server context that presents exactly {@code chain} (leaf first) with {@code key}, whatever the client asks. */
    public static SSLContext serving(PrivateKey key, List<X509Certificate> chain) {
        X509ExtendedKeyManager keys = new X509ExtendedKeyManager() {
            @Override
            public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
                return ALIAS;
            }

            @Override
            public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
                return ALIAS;
            }

            @Override
            public X509Certificate[] getCertificateChain(String alias) {
                return chain.toArray(X509Certificate[]::new);
            }

            @Override
            public PrivateKey getPrivateKey(String alias) {
                return key;
            }

            @Override
            public String[] getServerAliases(String keyType, Principal[] issuers) {
                return new String[] {ALIAS};
            }

            @Override
            public String[] getClientAliases(String keyType, Principal[] issuers) {
                return new String[0];
            }

            @Override
            public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
                return null;
            }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {keys}, null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads pgwire's 8-byte SSLRequest from {@code in} and answers 'S', as a TLS-enabled node does. */
    public static void acceptSslRequest(InputStream in, OutputStream out) throws IOException {
        new DataInputStream(in).readFully(new byte[8]);
        out.write('S');
        out.flush();
    }

    /** TLS as the server over an accepted plain socket, with only {@code protocol} enabled; the handshake has completed on return. */
    public static SSLSocket handshake(Socket plain, SSLContext context, String protocol) throws IOException {
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, null, plain.getPort(), true);
        tls.setUseClientMode(false);
        tls.setEnabledProtocols(new String[] {protocol});
        tls.startHandshake();
        return tls;
    }

    /** Reads one length-prefixed pgwire message without a type byte (the StartupMessage), returning its body. */
    public static byte[] readStartupMessage(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        int length = data.readInt();
        if (length < 8 || length > 10_000) {
            throw new IOException("not a StartupMessage: length " + length);
        }
        byte[] body = new byte[length - 4];
        data.readFully(body);
        return body;
    }
}
