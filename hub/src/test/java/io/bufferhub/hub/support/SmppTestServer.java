package io.bufferhub.hub.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.jsmpp.PDUStringException;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.BroadcastSm;
import org.jsmpp.bean.CancelBroadcastSm;
import org.jsmpp.bean.CancelSm;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.QueryBroadcastSm;
import org.jsmpp.bean.QuerySm;
import org.jsmpp.bean.ReplaceSm;
import org.jsmpp.bean.SubmitMulti;
import org.jsmpp.bean.SubmitSm;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.extra.SessionState;
import org.jsmpp.session.BindRequest;
import org.jsmpp.session.BroadcastSmResult;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.QueryBroadcastSmResult;
import org.jsmpp.session.QuerySmResult;
import org.jsmpp.session.SMPPServerSession;
import org.jsmpp.session.SMPPServerSessionListener;
import org.jsmpp.session.ServerMessageReceiverListener;
import org.jsmpp.session.Session;
import org.jsmpp.session.SubmitMultiResult;
import org.jsmpp.session.SubmitSmResult;
import org.jsmpp.session.connection.ServerConnection;
import org.jsmpp.session.connection.ServerConnectionFactory;
import org.jsmpp.session.connection.socket.ServerSocketConnection;
import org.jsmpp.util.MessageId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small but real SMPP 3.4 server (SMSC), in process, built on jSMPP. Tests of the SMS sink need it because what
 * they check lives in the protocol: the hub binds over TCP with camel-smpp, submits, gets a message id back,
 * and must notice when the SMSC goes away and comes back ({@link #close()} then {@link #start(int)} on the same
 * port). A mock of the Camel endpoint would test none of that.
 *
 * <p>Any system id / password is accepted, for any bind type (transmitter, receiver, transceiver). Every
 * {@code submit_sm} is recorded as an {@link Sms} and answered with a unique message id; every other request
 * ({@code submit_multi}, {@code data_sm}, {@code query_sm}, ...) is refused with {@code ESME_RSYSERR};
 * {@code enquire_link} is answered by jSMPP itself.
 */
public final class SmppTestServer implements AutoCloseable {

    /** One {@code submit_sm} as received: source address, destination address and decoded text. */
    public record Sms(String source, String destination, String text) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(SmppTestServer.class);
    private static final AtomicLong MESSAGE_IDS = new AtomicLong();
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final int BIND_TIMEOUT_MS = 5_000;
    private static final long SERVER_TRANSACTION_TIMER_MS = 1_000;

    private final ServerSocket serverSocket;
    private final SMPPServerSessionListener listener;
    private final Set<SMPPServerSession> sessions = ConcurrentHashMap.newKeySet();
    private final List<Sms> received = new ArrayList<>(); // guarded by itself
    private final Thread acceptor;
    private final String name;
    private volatile boolean closed;

    private SmppTestServer(int port) throws IOException {
        name = "smpp-test-server-" + INSTANCES.incrementAndGet();
        serverSocket = new ServerSocket();
        serverSocket.setReuseAddress(true); // so a restart on the same port is not refused by TIME_WAIT
        serverSocket.bind(new InetSocketAddress(port), 50);
        ServerSocketConnection connection = new ServerSocketConnection(serverSocket);
        listener = new SMPPServerSessionListener(serverSocket.getLocalPort(), new ServerConnectionFactory() {
            @Override
            public ServerConnection listen(int p) {
                return connection;
            }

            @Override
            public ServerConnection listen(int p, int timeout) throws IOException {
                connection.setSoTimeout(timeout);
                return connection;
            }

            @Override
            public ServerConnection listen(int p, int timeout, int backlog) throws IOException {
                connection.setSoTimeout(timeout);
                return connection;
            }
        });
        listener.setMessageReceiverListener(new Receiver());
        acceptor = new Thread(this::acceptLoop, name + "-accept");
        acceptor.setDaemon(true);
    }

    /**
     * Starts a server listening on {@code port} on all interfaces; 0 picks a free port (see {@link #port()}).
     *
     * @throws IllegalStateException if the port cannot be bound
     */
    public static SmppTestServer start(int port) {
        SmppTestServer server;
        try {
            server = new SmppTestServer(port);
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen for SMPP on port " + port, e);
        }
        server.acceptor.start();
        return server;
    }

    /** The TCP port this server listens (or listened) on. */
    public int port() {
        return serverSocket.getLocalPort();
    }

    /** A snapshot of every {@code submit_sm} received so far, in arrival order. */
    public List<Sms> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /**
     * Waits until at least {@code count} messages have been received, then returns them all; after
     * {@code timeout}, returns those received so far (possibly fewer than {@code count}).
     */
    public List<Sms> awaitMessages(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (received) {
            while (received.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                TimeUnit.NANOSECONDS.timedWait(received, left);
            }
            return List.copyOf(received);
        }
    }

    /**
     * Stops accepting (the port is free when this returns), unbinds and closes every session. Recorded
     * messages stay readable. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            listener.close(); // closes the server socket: accept() fails and the loop ends
        } catch (IOException ignored) {
            // closing anyway
        }
        acceptor.interrupt();
        List<Thread> closers = new ArrayList<>();
        for (SMPPServerSession session : List.copyOf(sessions)) {
            Thread t = new Thread(() -> closeSession(session), name + "-close");
            t.setDaemon(true);
            t.start();
            closers.add(t);
        }
        try {
            for (Thread t : closers) {
                t.join(5_000);
            }
            acceptor.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sessions.clear();
    }

    private static void closeSession(SMPPServerSession session) {
        try {
            if (session.getSessionState().isBound()) {
                session.unbindAndClose(); // waits at most the transaction timer for unbind_resp
            } else {
                session.close();
            }
        } catch (RuntimeException e) {
            session.close();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            SMPPServerSession session;
            try {
                session = listener.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue; // e.g. a client that reset the connection before we saw it
            }
            session.setTransactionTimer(SERVER_TRANSACTION_TIMER_MS);
            sessions.add(session);
            session.addSessionStateListener((newState, oldState, source) -> {
                if (newState == SessionState.CLOSED) {
                    sessions.remove(session);
                }
            });
            if (closed) { // raced with close(): it may not have seen this session
                session.close();
                return;
            }
            Thread binder = new Thread(() -> bind(session), name + "-bind");
            binder.setDaemon(true);
            binder.start();
        }
    }

    private void bind(SMPPServerSession session) {
        try {
            BindRequest request = session.waitForBind(BIND_TIMEOUT_MS);
            request.accept("test-smsc"); // any system id, any password, any bind type
        } catch (Exception e) {
            LOG.warn("{}: bind failed: {}", name, e.toString());
            session.close();
        }
        if (closed) {
            session.close();
        }
    }

    private void record(Sms sms) {
        synchronized (received) {
            received.add(sms);
            received.notifyAll();
        }
    }

    private static String nextMessageId() {
        return String.format("%08x", MESSAGE_IDS.incrementAndGet()); // unique in this JVM, across restarts
    }

    /** Decodes short_message (or the message_payload TLV) according to data_coding, skipping any UDH. */
    static String decode(SubmitSm sm) {
        byte[] bytes = sm.getShortMessage();
        if (bytes == null || bytes.length == 0) {
            OptionalParameter payload = sm.getOptionalParameter(OptionalParameter.Tag.MESSAGE_PAYLOAD);
            if (payload instanceof OptionalParameter.OctetString octets) {
                bytes = octets.getValue();
            }
        }
        if (bytes == null) {
            return "";
        }
        if (sm.isUdhi() && bytes.length > 0) {
            int udhLength = 1 + (bytes[0] & 0xFF);
            bytes = udhLength >= bytes.length ? new byte[0] : Arrays.copyOfRange(bytes, udhLength, bytes.length);
        }
        int dc = sm.getDataCoding() & 0xFF;
        boolean ucs2 = (dc & 0xC0) == 0 ? (dc & 0x0C) == 0x08 : dc == 0x08;
        // data_coding 0 (SMSC default / GSM 7-bit): camel-smpp sends the text encoded with its "encoding"
        // (ISO-8859-1 by default), one byte per character, so Latin-1 is what it really is; same for IA5 and 8-bit.
        return new String(bytes, ucs2 ? StandardCharsets.UTF_16BE : StandardCharsets.ISO_8859_1);
    }

    private final class Receiver implements ServerMessageReceiverListener {

        @Override
        public SubmitSmResult onAcceptSubmitSm(SubmitSm submitSm, SMPPServerSession source)
                throws ProcessRequestException {
            try {
                MessageId id = new MessageId(nextMessageId());
                record(new Sms(submitSm.getSourceAddr(), submitSm.getDestAddress(), decode(submitSm)));
                return new SubmitSmResult(id, new OptionalParameter[0]);
            } catch (PDUStringException e) {
                throw new ProcessRequestException("cannot make a message id", SMPPConstant.STAT_ESME_RSYSERR, e);
            }
        }

        @Override
        public SubmitMultiResult onAcceptSubmitMulti(SubmitMulti submitMulti, SMPPServerSession source)
                throws ProcessRequestException {
            throw unsupported("submit_multi");
        }

        @Override
        public QuerySmResult onAcceptQuerySm(QuerySm querySm, SMPPServerSession source)
                throws ProcessRequestException {
            throw unsupported("query_sm");
        }

        @Override
        public void onAcceptReplaceSm(ReplaceSm replaceSm, SMPPServerSession source) throws ProcessRequestException {
            throw unsupported("replace_sm");
        }

        @Override
        public void onAcceptCancelSm(CancelSm cancelSm, SMPPServerSession source) throws ProcessRequestException {
            throw unsupported("cancel_sm");
        }

        @Override
        public BroadcastSmResult onAcceptBroadcastSm(BroadcastSm broadcastSm, SMPPServerSession source)
                throws ProcessRequestException {
            throw unsupported("broadcast_sm");
        }

        @Override
        public void onAcceptCancelBroadcastSm(CancelBroadcastSm cancelBroadcastSm, SMPPServerSession source)
                throws ProcessRequestException {
            throw unsupported("cancel_broadcast_sm");
        }

        @Override
        public QueryBroadcastSmResult onAcceptQueryBroadcastSm(QueryBroadcastSm queryBroadcastSm,
                SMPPServerSession source) throws ProcessRequestException {
            throw unsupported("query_broadcast_sm");
        }

        @Override
        public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
            throw unsupported("data_sm");
        }

        private ProcessRequestException unsupported(String command) {
            return new ProcessRequestException(command + " is not supported by SmppTestServer",
                    SMPPConstant.STAT_ESME_RSYSERR);
        }
    }
}
