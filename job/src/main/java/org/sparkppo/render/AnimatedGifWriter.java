package org.sparkppo.render;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOInvalidTreeException;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * Writes frames as an endlessly looping animated GIF through javax.imageio's GIF writer: the first
 * frame's palette becomes the global colour table (later frames of the same palette need no local
 * one); every frame is stored non-interlaced with a graphic control extension (delay in 1/100 s,
 * disposal "none": the next frame replaces it whole), and the first also carries the NETSCAPE2.0
 * application extension that makes viewers loop. Frames are written as they come, so an animation
 * never has to fit in memory.
 */
final class AnimatedGifWriter implements AutoCloseable {
    private static final String FORMAT = "javax_imageio_gif_image_1.0";

    private final ImageWriter writer;
    private final int delayCentiseconds;
    private boolean first = true;

    /** A writer onto {@code out} (closed by the caller after this) showing each frame for {@code delayCentiseconds}. */
    AnimatedGifWriter(ImageOutputStream out, int delayCentiseconds) throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("gif");
        if (!writers.hasNext()) {
            throw new IllegalStateException("this Java runtime has no GIF ImageWriter");
        }
        this.writer = writers.next();
        this.delayCentiseconds = delayCentiseconds;
        writer.setOutput(out);
        writer.prepareWriteSequence(null);
    }

    /** Appends {@code frame}, an indexed image; all frames should share one palette. */
    void write(BufferedImage frame) throws IOException {
        // Not ImageTypeSpecifier.createFromRenderedImage: for TYPE_BYTE_INDEXED it gives the default palette.
        IIOMetadata metadata = writer.getDefaultImageMetadata(new ImageTypeSpecifier(frame), writer.getDefaultWriteParam());
        IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(FORMAT);
        child(root, "ImageDescriptor").setAttribute("interlaceFlag", "FALSE");
        IIOMetadataNode control = child(root, "GraphicControlExtension");
        control.setAttribute("disposalMethod", "none");
        control.setAttribute("userInputFlag", "FALSE");
        control.setAttribute("transparentColorFlag", "FALSE");
        control.setAttribute("delayTime", Integer.toString(delayCentiseconds));
        control.setAttribute("transparentColorIndex", "0");
        if (first) {
            IIOMetadataNode loop = new IIOMetadataNode("ApplicationExtension");
            loop.setAttribute("applicationID", "NETSCAPE");
            loop.setAttribute("authenticationCode", "2.0");
            // Sub-block 1 with a loop count of 0 (little-endian): repeat forever.
            loop.setUserObject(new byte[] {1, 0, 0});
            child(root, "ApplicationExtensions").appendChild(loop);
            first = false;
        }
        try {
            metadata.setFromTree(FORMAT, root);
        } catch (IIOInvalidTreeException e) {
            throw new IllegalStateException("the GIF writer refused its own metadata format", e);
        }
        writer.writeToSequence(new IIOImage(frame, null, metadata), null);
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equals(name)) {
                return (IIOMetadataNode) root.item(i);
            }
        }
        IIOMetadataNode node = new IIOMetadataNode(name);
        root.appendChild(node);
        return node;
    }

    /** Writes the GIF trailer. */
    @Override
    public void close() throws IOException {
        try {
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
    }
}
