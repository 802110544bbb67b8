package io.bufferhub.sim.pbx;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;

/** Where a PBX prints its records: a serial port device (a pty in tests), a TCP peer, or a TCP listener. */
public abstract class PbxOutput implements AutoCloseable {

    private OutputStream current;

    /** The open stream, (re)opened on demand. */
    synchronized OutputStream stream() throws IOException {
        if (current == null) {
            current = open();
        }
        return current;
    }

    /** Drops the current stream after a failure; the next write opens a new one. */
    synchronized void reset() {
        if (current != null) {
            try {
                current.close();
            } catch (IOException ignored) {
                // already broken
            }
            current = null;
        }
    }

    protected abstract OutputStream open() throws IOException;

    @Override
    public void close() {
        reset();
    }

    /** A serial port given by its device path, e.g. the PBX end of a socat pty pair. */
    public static PbxOutput serial(Path device) {
        return new PbxOutput() {
            @Override
            protected OutputStream open() throws IOException {
                return new FileOutputStream(device.toFile());
            }
        };
    }

    /** The PBX connects out to the buffer (Avaya IP Office style). */
    public static PbxOutput connectTo(String host, int port) {
        return new PbxOutput() {
            @Override
            protected OutputStream open() throws IOException {
                Socket s = new Socket();
                s.connect(new InetSocketAddress(host, port), 2000);
                s.setTcpNoDelay(true);
                return s.getOutputStream();
            }
        };
    }

    /** The PBX listens and the buffer connects (Mitel port 1752 style); one client at a time. */
    public static PbxOutput listenOn(ServerSocket server) {
        return new PbxOutput() {
            @Override
            protected OutputStream open() throws IOException {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                return s.getOutputStream();
            }

            @Override
            public void close() {
                super.close();
                try {
                    server.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        };
    }
}
