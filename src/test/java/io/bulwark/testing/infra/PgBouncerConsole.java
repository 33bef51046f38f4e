package io.bulwark.testing.infra;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PgBouncer's admin console ({@code PAUSE}, {@code RESUME}, {@code SHOW ...}) over the simple query protocol.
 * PgJDBC cannot be used: it sends {@code extra_float_digits} at startup, which the 1.18 console refuses.
 */
final class PgBouncerConsole implements AutoCloseable {

    private static final int PROTOCOL_3 = 196608;

    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private List<String> columns = List.of();

    PgBouncerConsole(String host, int port, String user) {
        try {
            socket = new Socket();
            socket.connect(new InetSocketAddress(host, port), 5_000);
            socket.setSoTimeout(60_000);
            in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
            startup(user);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach the PgBouncer console on port " + port, e);
        }
    }

    /** Runs one command; returns its rows (empty for commands such as PAUSE). */
    List<List<String>> execute(String command) {
        try {
            byte[] sql = (command + "\0").getBytes(StandardCharsets.UTF_8);
            out.writeByte('Q');
            out.writeInt(4 + sql.length);
            out.write(sql);
            out.flush();
            return readUntilReady();
        } catch (IOException e) {
            throw new UncheckedIOException("PgBouncer console: " + command, e);
        }
    }

    /** Runs one command; returns its rows as column name to value, in the order PgBouncer sent them. */
    List<Map<String, String>> executeByName(String command) {
        List<List<String>> rows = execute(command);
        List<Map<String, String>> named = new ArrayList<>(rows.size());
        for (List<String> row : rows) {
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < row.size() && i < columns.size(); i++) {
                values.put(columns.get(i), row.get(i));
            }
            named.add(values);
        }
        return named;
    }

    private void startup(String user) throws IOException {
        byte[] parameters = ("user\0" + user + "\0database\0pgbouncer\0\0").getBytes(StandardCharsets.UTF_8);
        out.writeInt(8 + parameters.length);
        out.writeInt(PROTOCOL_3);
        out.write(parameters);
        out.flush();
        readUntilReady();
    }

    private List<List<String>> readUntilReady() throws IOException {
        List<List<String>> rows = new ArrayList<>();
        String error = null;
        while (true) {
            char type = (char) in.readByte();
            byte[] body = new byte[in.readInt() - 4];
            in.readFully(body);
            switch (type) {
                case 'D' -> rows.add(dataRow(body));
                case 'T' -> columns = columnNames(body);
                case 'E' -> error = errorMessage(body);
                case 'R' -> {
                    if (readInt(body, 0) != 0) {
                        throw new IllegalStateException("the PgBouncer console asks for a password; the test ini uses auth_type any");
                    }
                }
                case 'Z' -> {
                    if (error != null) {
                        throw new IllegalStateException("PgBouncer console: " + error);
                    }
                    return rows;
                }
                default -> {
                    // Row descriptions, command tags, notices and parameter statuses carry nothing the tests need.
                }
            }
        }
    }

    private static List<String> dataRow(byte[] body) {
        int columns = ((body[0] & 0xff) << 8) | (body[1] & 0xff);
        List<String> values = new ArrayList<>(columns);
        int position = 2;
        for (int i = 0; i < columns; i++) {
            int length = readInt(body, position);
            position += 4;
            if (length < 0) {
                values.add(null);
            } else {
                values.add(new String(body, position, length, StandardCharsets.UTF_8));
                position += length;
            }
        }
        return values;
    }

    private static List<String> columnNames(byte[] body) {
        int count = ((body[0] & 0xff) << 8) | (body[1] & 0xff);
        List<String> names = new ArrayList<>(count);
        int position = 2;
        for (int i = 0; i < count; i++) {
            int end = position;
            while (body[end] != 0) {
                end++;
            }
            names.add(new String(body, position, end - position, StandardCharsets.UTF_8));
            position = end + 1 + 18;
        }
        return names;
    }

    private static String errorMessage(byte[] body) {
        StringBuilder message = new StringBuilder();
        int position = 0;
        while (position < body.length && body[position] != 0) {
            byte field = body[position++];
            int end = position;
            while (body[end] != 0) {
                end++;
            }
            if (field == 'M') {
                message.append(new String(body, position, end - position, StandardCharsets.UTF_8));
            }
            position = end + 1;
        }
        return message.toString();
    }

    private static int readInt(byte[] bytes, int offset) {
        return ((bytes[offset] & 0xff) << 24) | ((bytes[offset + 1] & 0xff) << 16) | ((bytes[offset + 2] & 0xff) << 8)
                | (bytes[offset + 3] & 0xff);
    }

    @Override
    public void close() {
        try {
            out.writeByte('X');
            out.writeInt(4);
            out.flush();
            socket.close();
        } catch (IOException e) {
            // The console is gone already; nothing to release.
        }
    }
}
