// Draws the dashboard's charts with ECharts from the data each chart element carries in data-chart. Outcomes have
// the colours of the console's badges, a name is shown whole, and a bar leads to the audit records behind it.
document.addEventListener("DOMContentLoaded", () => {
  const colours = {
    ALLOWED: "#1d7a3c", BOARD_REVIEW: "#a35d00", PROHIBITED: "#b3261e",
    MINIMAL: "#1d7a3c", LIMITED: "#d9a441", HIGH: "#a35d00",
    PROMPTING: "#1f5fbf", FINE_TUNING: "#6b3fa0", HYBRID: "#2b8a8a",
  };
  const words = (code) => code.charAt(0) + code.slice(1).toLowerCase().replaceAll("_", " ");
  const nextDay = (day) => new Date(Date.parse(day) + 86400000).toISOString().slice(0, 10);
  const options = {
    daily: (data) => ({
      animation: false,
      tooltip: { trigger: "axis" },
      legend: {},
      grid: { containLabel: true },
      xAxis: { type: "category", data: data.days },
      yAxis: { type: "value", minInterval: 1 },
      series: Object.entries(data.series).map(([code, counts]) => ({
        name: words(code), code, type: "bar", stack: "all", data: counts, itemStyle: { color: colours[code] },
      })),
    }),
    counts: (rows) => ({
      animation: false,
      tooltip: {},
      grid: { containLabel: true, left: 8, right: 24 },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", inverse: true, data: rows.map((row) => row.name), axisLabel: { width: 320, overflow: "break" } },
      series: [{ type: "bar", data: rows.map((row) => row.count), itemStyle: { color: "#1f5fbf" } }],
    }),
    exposures: (rows) => {
      const regimes = [...new Map(rows.map((row) => [row.code, row.name])).entries()];
      const levels = [...new Set(rows.map((row) => row.detail))];
      return {
        animation: false,
        tooltip: { trigger: "axis" },
        legend: {},
        grid: { containLabel: true },
        xAxis: { type: "category", data: regimes.map(([, name]) => name), axisLabel: { width: 160, overflow: "break", interval: 0 } },
        yAxis: { type: "value", minInterval: 1 },
        series: levels.map((level) => ({
          name: words(level),
          code: level,
          type: "bar",
          itemStyle: { color: colours[level] },
          data: regimes.map(([code]) => (rows.find((row) => row.code === code && row.detail === level) || { count: 0 }).count),
        })),
      };
    },
  };
  // Where a bar leads: the audit search for the records it counts.
  const links = {
    daily: (element, event, data) =>
      `/console/audit?kind=EVALUATION&${element.dataset.chartFilter}=${Object.keys(data.series)[event.seriesIndex]}&from=${event.name}&to=${nextDay(event.name)}`,
    counts: (element, event, rows) => `/console/audit?rule=${encodeURIComponent(rows[event.dataIndex].name)}&from=${element.dataset.chartSince}`,
    exposures: (element, event, rows) => {
      const code = [...new Map(rows.map((row) => [row.code, row.name])).keys()][event.dataIndex];
      const level = [...new Set(rows.map((row) => row.detail))][event.seriesIndex];
      return `/console/audit?regime=${encodeURIComponent(code)}&level=${level}&from=${element.dataset.chartSince}`;
    },
  };
  document.querySelectorAll("[data-chart]").forEach((element) => {
    const kind = element.dataset.chartKind;
    const data = JSON.parse(element.dataset.chart);
    const chart = echarts.init(element);
    chart.setOption(options[kind](data));
    chart.on("click", (event) => { window.location.href = links[kind](element, event, data); });
    window.addEventListener("resize", () => chart.resize());
  });
});
