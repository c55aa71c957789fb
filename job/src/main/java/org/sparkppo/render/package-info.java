/**
 * Driver-only: animated GIFs of evaluation episodes ({@code evaluate --render FILE.gif}). One
 * {@link org.sparkppo.render.FrameDrawer} per built-in environment draws a frame from an observation
 * vector with Java2D (headless), in the geometry and colours of Gymnasium's pygame renderers;
 * {@link org.sparkppo.render.EpisodeRecorder} keeps the observations of the first episodes while they
 * are evaluated, and {@link org.sparkppo.render.EpisodeAnimation} draws them into a GIF file.
 */
package org.sparkppo.render;
