//! Plain-text charts for the terminal: horizontal bars and a daily load curve. Pure functions
//! from numbers to lines (the caller prints them).

/// A bar of `value` scaled so that `max` fills `width` cells (eighths of a cell drawn).
pub fn bar(value: f64, max: f64, width: usize) -> String {
    const PARTS: [char; 8] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
    if max.is_nan() || max <= 0.0 || !value.is_finite() || value <= 0.0 {
        return String::new();
    }
    let eighths = ((value / max).min(1.0) * width as f64 * 8.0).round() as usize;
    let mut s = "█".repeat(eighths / 8);
    if !eighths.is_multiple_of(8) {
        s.push(PARTS[eighths % 8]);
    }
    s
}

/// A column chart of minutes per day, `height` rows by at most `width` columns (days grouped
/// by their mean when there are more days than columns), with the budget as a dashed line.
pub fn load_curve(
    minutes: &[f64],
    budget: Option<f64>,
    width: usize,
    height: usize,
) -> Vec<String> {
    if minutes.is_empty() || height == 0 || width == 0 {
        return Vec::new();
    }
    let per = minutes.len().div_ceil(width);
    let cols: Vec<f64> = minutes
        .chunks(per)
        .map(|c| c.iter().sum::<f64>() / c.len() as f64)
        .collect();
    let peak = cols.iter().copied().fold(0.0, f64::max);
    let top = peak.max(budget.unwrap_or(0.0)).max(1.0);
    let budget_row = budget.map(|b| ((b / top) * height as f64).ceil() as usize);
    let mut lines = Vec::new();
    for row in (1..=height).rev() {
        let label = if row == height {
            format!("{top:>5.0} │")
        } else {
            "      │".to_owned()
        };
        let cells: String = cols
            .iter()
            .map(|v| {
                let filled = (v / top) * height as f64;
                if filled >= row as f64 - 0.5 {
                    '█'
                } else if budget_row == Some(row) {
                    '┄'
                } else {
                    ' '
                }
            })
            .collect();
        lines.push(format!("{label}{}", cells.trim_end()));
    }
    lines.push(format!("    0 └{}", "─".repeat(cols.len())));
    let days = minutes.len();
    let right = format!("day {days}");
    let pad = cols.len().saturating_sub(5 + right.len()).max(1);
    lines.push(format!("       today{}{right}", " ".repeat(pad)));
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_maximum_in_eighths() {
        assert_eq!(bar(10.0, 10.0, 4), "████");
        assert_eq!(bar(5.0, 10.0, 4), "██");
        assert_eq!(bar(1.0, 16.0, 2), "▏");
        assert_eq!(bar(0.0, 10.0, 4), "");
        assert_eq!(bar(20.0, 10.0, 4), "████", "never past the width");
        assert_eq!(bar(f64::NAN, 10.0, 4), "");
    }

    #[test]
    fn the_load_curve_groups_days_and_draws_the_budget() {
        let minutes = [0.0, 0.0, 10.0, 10.0, 20.0, 20.0];
        let lines = load_curve(&minutes, Some(15.0), 3, 4);
        assert_eq!(
            lines,
            [
                "   20 │  █",
                "      │┄┄█",
                "      │ ██",
                "      │ ██",
                "    0 └───",
                "       today day 6",
            ]
        );
    }
}
