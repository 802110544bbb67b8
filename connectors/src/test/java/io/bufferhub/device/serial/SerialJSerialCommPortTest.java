package io.bufferhub.device.serial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;

import org.junit.jupiter.api.Test;

import com.fazecast.jSerialComm.SerialPort;

/** jSerialComm's boolean/-1 failures become IOExceptions an operator can act on. */
class SerialJSerialCommPortTest {

    @Test
    void failureTextNamesOperationPathAndOsError() {
        assertEquals("cannot open serial port /dev/ttyUSB0: OS error 13 (EACCES: permission denied (is the user in "
                + "the dialout group?)) at jSerialComm native line 321",
                JSerialCommPort.message("open", "/dev/ttyUSB0", 13, 321));
        assertTrue(JSerialCommPort.message("write to", "COM3", 1234, 9).contains("OS error 1234 (errno 1234)"));
    }

    @Test
    void missingDeviceIsAnIOExceptionNotFalse() {
        JSerialCommPort port = new JSerialCommPort("/dev/bufferhub-no-such-tty");
        IOException e = assertThrows(IOException.class, () -> port.open(new SerialConfiguration()));
        assertTrue(e.getMessage().contains("/dev/bufferhub-no-such-tty"), e.getMessage());
        assertFalse(port.isOpen());
        assertEquals(-1, assertDoesNotThrowRead(port), "a closed port reads as gone");
        port.close();
    }

    @Test
    void settingsMapToJSerialCommConstants() {
        assertEquals(SerialPort.ONE_POINT_FIVE_STOP_BITS, JSerialCommPort.stopBits("1.5"));
        assertEquals(SerialPort.TWO_STOP_BITS, JSerialCommPort.stopBits("2"));
        assertEquals(SerialPort.MARK_PARITY, JSerialCommPort.parity(SerialConfiguration.Parity.MARK));
        assertEquals(SerialPort.FLOW_CONTROL_RTS_ENABLED | SerialPort.FLOW_CONTROL_CTS_ENABLED,
                JSerialCommPort.flow(SerialConfiguration.FlowControl.RTSCTS));
    }

    private static int assertDoesNotThrowRead(JSerialCommPort port) {
        try {
            return port.read(new byte[8], 10);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
