package io.aigov.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

import org.junit.jupiter.api.Test;

/** The relay the outage tests switch: off, it closes what connects, and keeps its port for when it is switched on again. */
class TcpSwitchTest {

    @Test
    void switchedOffItClosesEveryConnectionAndNobodyElseCanTakeItsPort() throws IOException {
        try (ServerSocket database = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            TcpSwitch relay = new TcpSwitch("127.0.0.1", database.getLocalPort());
            relay.off();
            assertThrows(BindException.class, () -> new ServerSocket(relay.port(), 50, InetAddress.getLoopbackAddress()).close(),
                    "the port stays the relay's while it is off");
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), relay.port())) {
                client.setSoTimeout(10_000);
                assertEquals(-1, client.getInputStream().read(), "a connection made while it is off is closed at once");
            }

            relay.on();
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), relay.port()); Socket reached = database.accept()) {
                reached.setSoTimeout(10_000);
                client.getOutputStream().write(42);
                assertEquals(42, reached.getInputStream().read(), "switched on, it relays to the database again");
            }
        }
    }
}
