// Draws the dashboard's charts with ECharts from the data each chart element carries in data-chart.
document.addEventListener("DOMContentLoaded", () => {
  const options = {
    daily: (data) => ({
      animation: false,
      tooltip: { trigger: "axis" },
      legend: {},
      xAxis: { type: "category", data: data.days },
      yAxis: { type: "value", minInterval: 1 },
      series: Object.entries(data.series).map(([name, counts]) => ({ name, type: "bar", stack: "all", data: counts })),
    }),
    counts: (rows) => ({
      animation: false,
      tooltip: {},
      grid: { left: 260 },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", inverse: true, data: rows.map((row) => row.name) },
      series: [{ type: "bar", data: rows.map((row) => row.count) }],
    }),
    exposures: (rows) => {
      const regimes = [...new Set(rows.map((row) => row.name))];
      const levels = [...new Set(rows.map((row) => row.detail))];
      return {
        animation: false,
        tooltip: { trigger: "axis" },
        legend: {},
        xAxis: { type: "category", data: regimes },
        yAxis: { type: "value", minInterval: 1 },
        series: levels.map((level) => ({
          name: level,
          type: "bar",
          data: regimes.map((regime) => (rows.find((row) => row.name === regime && row.detail === level) || { count: 0 }).count),
        })),
      };
    },
  };
  document.querySelectorAll("[data-chart]").forEach((element) => {
    const chart = echarts.init(element);
    chart.setOption(options[element.dataset.chartKind](JSON.parse(element.dataset.chart)));
    window.addEventListener("resize", () => chart.resize());
  });
});
