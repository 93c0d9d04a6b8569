package ai.prism.bundle;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/** Writes zip archives byte by byte, so tests control names, flags, attributes and methods exactly. */
final class TestZip {
  private final List<Entry> entries = new ArrayList<>();

  /** One entry; {@code data} is the uncompressed content. */
  static final class Entry {
    byte[] name;
    byte[] data;
    int method = 8;
    int flags = 0x800;
    long externalAttributes = 0;
    int versionNeeded = 20;
    Long crcOverride;
    Long sizeOverride;
    byte[] localName;
  }

  static TestZip create() {
    return new TestZip();
  }

  /** A deflated entry with a UTF-8 name. */
  TestZip add(String name, String content) {
    return add(name, content.getBytes(StandardCharsets.UTF_8));
  }

  /** A deflated entry with a UTF-8 name and raw content. */
  TestZip add(String name, byte[] content) {
    Entry e = new Entry();
    e.name = name.getBytes(StandardCharsets.UTF_8);
    e.data = content;
    entries.add(e);
    return this;
  }

  /** An entry to customise; added as it is returned. */
  Entry entry(byte[] name, byte[] content) {
    Entry e = new Entry();
    e.name = name;
    e.data = content;
    entries.add(e);
    return e;
  }

  /** All of {@code files} as deflated entries, in map order. */
  static byte[] of(Map<String, String> files) {
    TestZip zip = create();
    files.forEach(zip::add);
    return zip.bytes();
  }

  /** An ordered map literal. */
  static Map<String, String> files(String... pathsAndContents) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < pathsAndContents.length; i += 2) {
      m.put(pathsAndContents[i], pathsAndContents[i + 1]);
    }
    return m;
  }

  byte[] bytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream central = new ByteArrayOutputStream();
    for (Entry e : entries) {
      byte[] stored = e.method == 8 ? deflate(e.data) : e.data;
      CRC32 crc = new CRC32();
      crc.update(e.data);
      long crcValue = e.crcOverride != null ? e.crcOverride : crc.getValue();
      long size = e.sizeOverride != null ? e.sizeOverride : e.data.length;
      int offset = out.size();
      byte[] localName = e.localName != null ? e.localName : e.name;
      ByteBuffer local = le(30 + localName.length);
      local.putInt(0x04034b50).putShort((short) e.versionNeeded).putShort((short) e.flags).putShort((short) e.method)
          .putShort((short) 0).putShort((short) 0x21).putInt((int) crcValue).putInt(stored.length).putInt((int) size)
          .putShort((short) localName.length).putShort((short) 0).put(localName);
      out.writeBytes(local.array());
      out.writeBytes(stored);
      ByteBuffer cd = le(46 + e.name.length);
      cd.putInt(0x02014b50).putShort((short) (3 << 8 | 20)).putShort((short) e.versionNeeded).putShort((short) e.flags)
          .putShort((short) e.method).putShort((short) 0).putShort((short) 0x21).putInt((int) crcValue)
          .putInt(stored.length).putInt((int) size).putShort((short) e.name.length).putShort((short) 0).putShort((short) 0)
          .putShort((short) 0).putShort((short) 0).putInt((int) e.externalAttributes).putInt(offset).put(e.name);
      central.writeBytes(cd.array());
    }
    int cdOffset = out.size();
    out.writeBytes(central.toByteArray());
    ByteBuffer end = le(22);
    end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) entries.size())
        .putShort((short) entries.size()).putInt(central.size()).putInt(cdOffset).putShort((short) 0);
    out.writeBytes(end.array());
    return out.toByteArray();
  }

  private static ByteBuffer le(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  static byte[] deflate(byte[] data) {
    Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    deflater.setInput(data);
    deflater.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    while (!deflater.finished()) {
      out.write(buf, 0, deflater.deflate(buf));
    }
    deflater.end();
    return out.toByteArray();
  }
}
