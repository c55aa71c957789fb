package org.sparkppo.metrics;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.sparkppo.config.BadInputException;

/**
 * TFRecord framing, the container of TensorBoard's event files: each record is its length as a
 * little-endian uint64, the masked CRC-32C of those 8 bytes (uint32), the record, and the masked
 * CRC-32C of the record (TensorFlow's {@code core/lib/io/record_writer.cc}; the mask rotates the CRC
 * right by 15 bits and adds {@code 0xa282ead8}).
 */
final class TfRecords {
    private static final int MASK_DELTA = 0xa282ead8;
    private static final int HEADER = 12;
    private static final int FOOTER = 4;

    private TfRecords() {
    }

    /** {@code data} framed as one record. */
    static byte[] frame(byte[] data) {
        ByteBuffer record = ByteBuffer.allocate(HEADER + data.length + FOOTER).order(ByteOrder.LITTLE_ENDIAN);
        record.putLong(data.length);
        record.putInt(maskedCrc(record.array(), 0, 8));
        record.put(data);
        record.putInt(maskedCrc(data, 0, data.length));
        return record.array();
    }

    /**
     * The records of {@code file}, in order. A last record cut short (an append interrupted by a kill)
     * is not a record; a complete record whose checksum does not match is bad input naming
     * {@code name} and the offset.
     */
    static List<byte[]> read(byte[] file, String name) {
        List<byte[]> records = new ArrayList<>();
        ByteBuffer in = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        while (in.remaining() >= HEADER) {
            int start = in.position();
            long length = in.getLong();
            int lengthCrc = in.getInt();
            if (lengthCrc != maskedCrc(file, start, 8)) {
                throw corrupt(name, start, "its length does not match its masked CRC-32C");
            }
            if (length < 0 || length > Integer.MAX_VALUE) {
                throw corrupt(name, start, "its length, " + Long.toUnsignedString(length)
                        + " bytes, exceeds a Java array");
            }
            if (length > in.remaining() - FOOTER) {
                break;
            }
            byte[] data = new byte[(int) length];
            in.get(data);
            if (in.getInt() != maskedCrc(data, 0, data.length)) {
                throw corrupt(name, start, "its data does not match its masked CRC-32C");
            }
            records.add(data);
        }
        return records;
    }

    private static BadInputException corrupt(String name, int offset, String what) {
        return new BadInputException(name + ": expected TFRecord framing (length, masked CRC-32C, data, masked "
                + "CRC-32C), found a record at byte " + offset + " where " + what);
    }

    static int maskedCrc(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        int value = (int) crc.getValue();
        return ((value >>> 15) | (value << 17)) + MASK_DELTA;
    }
}
