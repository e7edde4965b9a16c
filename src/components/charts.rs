//! Charts drawn by the app as SVG: labelled, with native tooltips (`<title>`), no JavaScript
//! chart library.

use yew::prelude::*;

/// One bar.
#[derive(Clone, PartialEq)]
pub struct Bar {
    /// The label under it.
    pub label: String,
    /// Its value.
    pub value: f64,
    /// What the tooltip says.
    pub tip: String,
}

/// Props of [`BarChart`].
#[derive(Properties, PartialEq)]
pub struct BarChartProps {
    /// The bars, left to right.
    pub bars: Vec<Bar>,
    /// The chart's name for screen readers.
    pub title: AttrValue,
    /// The top of the scale, as text.
    pub max_label: AttrValue,
    /// `data-testid`.
    #[prop_or_default]
    pub testid: AttrValue,
}

const W: f64 = 720.0;
const H: f64 = 220.0;
const PAD_L: f64 = 8.0;
const PAD_B: f64 = 28.0;
const PAD_T: f64 = 18.0;

/// A column chart.
#[component]
pub fn BarChart(props: &BarChartProps) -> Html {
    let n = props.bars.len().max(1) as f64;
    let max = props
        .bars
        .iter()
        .map(|b| b.value)
        .fold(0.0, f64::max)
        .max(f64::MIN_POSITIVE);
    let slot = (W - PAD_L) / n;
    let width = (slot * 0.8).max(1.0);
    let label_every = ((n / 12.0).ceil() as usize).max(1);
    html! {
        <svg class="chart" viewBox={format!("0 0 {W} {H}")} role="img" aria-label={props.title.clone()} data-testid={props.testid.clone()}>
            <title>{ props.title.clone() }</title>
            <line x1={PAD_L.to_string()} x2={W.to_string()} y1={(H - PAD_B).to_string()} y2={(H - PAD_B).to_string()} class="axis" />
            <text x={PAD_L.to_string()} y="12" class="tick">{ props.max_label.clone() }</text>
            { for props.bars.iter().enumerate().map(|(i, b)| {
                let h = (b.value / max) * (H - PAD_B - PAD_T);
                let x = PAD_L + i as f64 * slot + (slot - width) / 2.0;
                html! {
                    <g class="bar">
                        <rect x={format!("{x:.1}")} y={format!("{:.1}", H - PAD_B - h)} width={format!("{width:.1}")} height={format!("{h:.1}")}>
                            <title>{ &b.tip }</title>
                        </rect>
                        if i % label_every == 0 {
                            <text x={format!("{:.1}", x + width / 2.0)} y={(H - 10.0).to_string()} class="tick" text-anchor="middle">{ &b.label }</text>
                        }
                    </g>
                }
            }) }
        </svg>
    }
}

/// Props of [`ParetoChart`].
#[derive(Properties, PartialEq)]
pub struct ParetoChartProps {
    /// (share of clients, share of value) points from (0, 0) to (1, 1).
    pub points: Vec<(f64, f64)>,
    /// The A and B lines (shares of value).
    pub a: f64,
    /// See `a`.
    pub b: f64,
    /// The chart's name for screen readers.
    pub title: AttrValue,
    /// Axis label under the chart.
    pub x_label: AttrValue,
    /// Axis label beside it.
    pub y_label: AttrValue,
}

/// The Pareto curve with the ABC lines.
#[component]
pub fn ParetoChart(props: &ParetoChartProps) -> Html {
    let (w, h, pad) = (420.0, 260.0, 34.0);
    let x = |v: f64| pad + v * (w - pad - 10.0);
    let y = |v: f64| h - pad - v * (h - pad - 10.0);
    let path: String = props
        .points
        .iter()
        .enumerate()
        .map(|(i, (cx, cy))| {
            format!(
                "{}{:.1},{:.1}",
                if i == 0 { "M" } else { "L" },
                x(*cx),
                y(*cy)
            )
        })
        .collect();
    let line = |share: f64, label: &str| {
        html! {
            <g class="threshold">
                <line x1={x(0.0).to_string()} x2={x(1.0).to_string()} y1={format!("{:.1}", y(share))} y2={format!("{:.1}", y(share))} />
                <text x={(x(1.0) - 2.0).to_string()} y={format!("{:.1}", y(share) - 3.0)} text-anchor="end" class="tick">{ label.to_owned() }</text>
            </g>
        }
    };
    html! {
        <svg class="chart pareto" viewBox={format!("0 0 {w} {h}")} role="img" aria-label={props.title.clone()} data-testid="pareto">
            <title>{ props.title.clone() }</title>
            <line x1={x(0.0).to_string()} x2={x(1.0).to_string()} y1={y(0.0).to_string()} y2={y(0.0).to_string()} class="axis" />
            <line x1={x(0.0).to_string()} x2={x(0.0).to_string()} y1={y(0.0).to_string()} y2={y(1.0).to_string()} class="axis" />
            { line(props.a, &format!("A {:.0}%", props.a * 100.0)) }
            { line(props.b, &format!("B {:.0}%", props.b * 100.0)) }
            <path d={path} class="curve" />
            <text x={x(0.5).to_string()} y={(h - 6.0).to_string()} text-anchor="middle" class="tick">{ props.x_label.clone() }</text>
            <text x="10" y={y(0.5).to_string()} class="tick" transform={format!("rotate(-90 10 {})", y(0.5))} text-anchor="middle">{ props.y_label.clone() }</text>
            { for [0.0, 0.5, 1.0].iter().map(|v| html! {
                <>
                    <text x={x(*v).to_string()} y={(h - pad + 14.0).to_string()} text-anchor="middle" class="tick">{ format!("{:.0}%", v * 100.0) }</text>
                    <text x={(pad - 4.0).to_string()} y={format!("{:.1}", y(*v) + 4.0)} text-anchor="end" class="tick">{ format!("{:.0}%", v * 100.0) }</text>
                </>
            }) }
        </svg>
    }
}

/// One part of a stacked bar.
#[derive(Clone, PartialEq)]
pub struct Part {
    /// Its name.
    pub label: String,
    /// Its size.
    pub value: f64,
    /// CSS class for its colour.
    pub class: &'static str,
}

/// Props of [`StackedBar`].
#[derive(Properties, PartialEq)]
pub struct StackedBarProps {
    /// The parts, left to right.
    pub parts: Vec<Part>,
    /// The chart's name for screen readers.
    pub title: AttrValue,
}

/// A horizontal bar split into parts, with a legend.
#[component]
pub fn StackedBar(props: &StackedBarProps) -> Html {
    let total: f64 = props
        .parts
        .iter()
        .map(|p| p.value)
        .sum::<f64>()
        .max(f64::MIN_POSITIVE);
    let mut at = 0.0;
    html! {
        <figure class="stacked">
            <svg class="chart" viewBox="0 0 720 36" role="img" aria-label={props.title.clone()} data-testid="status-bar">
                <title>{ props.title.clone() }</title>
                { for props.parts.iter().map(|p| {
                    let w = p.value / total * 720.0;
                    let x = at;
                    at += w;
                    html! { <rect x={format!("{x:.1}")} y="0" width={format!("{w:.1}")} height="36" class={p.class}><title>{ &p.label }</title></rect> }
                }) }
            </svg>
            <figcaption class="legend">
                { for props.parts.iter().map(|p| html! { <span><i class={classes!("swatch", p.class)}></i>{ &p.label }</span> }) }
            </figcaption>
        </figure>
    }
}
