package org.sparkppo.io;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CommonPathCapabilities;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * The raw local file system under the scheme {@value #SCHEME}, with failures to order: a disk that
 * is full after {@link #capacity} more bytes, renames that fail, no append. Settings are static
 * (Hadoop instantiates file systems by class name); {@link #reset} before each test.
 */
public final class FlakyLocalFileSystem extends RawLocalFileSystem {
    static final String SCHEME = "flaky";
    static volatile long capacity;
    static volatile boolean failRenames;
    static volatile boolean appendable;

    static void reset() {
        capacity = Long.MAX_VALUE;
        failRenames = false;
        appendable = true;
    }

    /** A Hadoop configuration in which {@value #SCHEME}: URIs open this file system. */
    static Configuration configuration() {
        Configuration conf = new Configuration();
        conf.set("fs." + SCHEME + ".impl", FlakyLocalFileSystem.class.getName());
        conf.setBoolean("fs." + SCHEME + ".impl.disable.cache", true);
        return conf;
    }

    @Override
    public URI getUri() {
        return URI.create(SCHEME + ":///");
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public FSDataOutputStream create(Path f, boolean overwrite, int bufferSize, short replication, long blockSize,
                                     Progressable progress) throws IOException {
        return limited(super.create(f, overwrite, bufferSize, replication, blockSize, progress));
    }

    @Override
    public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize,
                                     short replication, long blockSize, Progressable progress) throws IOException {
        return limited(super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress));
    }

    @Override
    public FSDataOutputStream append(Path f, int bufferSize, Progressable progress) throws IOException {
        return limited(super.append(f, bufferSize, progress));
    }

    @Override
    public boolean rename(Path src, Path dst) throws IOException {
        if (failRenames) {
            throw new IOException("injected failure renaming " + src + " to " + dst);
        }
        return super.rename(src, dst);
    }

    @Override
    public boolean hasPathCapability(Path path, String capability) throws IOException {
        return (appendable || !capability.equals(CommonPathCapabilities.FS_APPEND))
                && super.hasPathCapability(path, capability);
    }

    private FSDataOutputStream limited(FSDataOutputStream out) throws IOException {
        return new FSDataOutputStream(new FilterOutputStream(out) {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                int fits = (int) Math.min(len, capacity);
                out.write(b, off, fits);
                capacity -= fits;
                if (fits < len) {
                    throw new IOException("No space left on device");
                }
            }
        }, statistics);
    }
}
