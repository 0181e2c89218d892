import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { init, use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

// Only what the dashboard draws: bar charts on a canvas with axes, legend and tooltip. Named imports
// and a default export of `init` alone (all ngx-echarts calls) let the bundler drop the rest of
// echarts/core: the chunk is less than half of the whole library.
use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export default { init };
