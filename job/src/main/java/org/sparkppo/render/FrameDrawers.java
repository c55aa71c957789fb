package org.sparkppo.render;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.sparkppo.config.BadInputException;

/** The frame drawer of each built-in environment, by Gymnasium id. */
public final class FrameDrawers {
    private static final Map<String, FrameDrawer> BY_ENV_ID = byEnvId(List.of(
            new CartPoleDrawer("CartPole-v1", 0, 2),
            new CartPoleDrawer("CartPoleNoVel-v1", 0, 1),
            new AcrobotDrawer(),
            new MountainCarDrawer("MountainCar-v0", 0.5),
            new MountainCarDrawer("MountainCarContinuous-v0", 0.45),
            new PendulumDrawer("Pendulum-v1"),
            new PendulumDrawer("PendulumNoVel-v1"),
            new GridMazeDrawer(),
            new GridReachDrawer()));

    private FrameDrawers() {
    }

    private static Map<String, FrameDrawer> byEnvId(List<FrameDrawer> drawers) {
        Map<String, FrameDrawer> byId = new TreeMap<>();
        for (FrameDrawer drawer : drawers) {
            byId.put(drawer.envId(), drawer);
        }
        return byId;
    }

    /**
     * The drawer of {@code envId}.
     *
     * @throws BadInputException naming {@code --render} and the ids that can be rendered, when there is none
     */
    public static FrameDrawer forEnv(String envId) {
        FrameDrawer drawer = BY_ENV_ID.get(envId);
        if (drawer == null) {
            throw new BadInputException("--render: expected a run of an environment that can be rendered ("
                    + String.join(", ", BY_ENV_ID.keySet()) + "), found '" + envId + "'");
        }
        return drawer;
    }
}
