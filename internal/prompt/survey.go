package prompt

import (
	"errors"
	"io"

	"github.com/AlecAivazis/survey/v2"
	"github.com/AlecAivazis/survey/v2/core"
	"github.com/AlecAivazis/survey/v2/terminal"
)

// This is the only file that imports survey.

// New returns a Prompter drawing on t with survey/v2.
func New(t Terminal) Prompter {
	// survey keeps colour as a package setting.
	core.DisableColor = !t.Color
	return &surveyPrompter{stdio: survey.WithStdio(t.In, t.Out, t.Err)}
}

type surveyPrompter struct {
	stdio survey.AskOpt
}

func (s *surveyPrompter) ask(p survey.Prompt, answer any, opts ...survey.AskOpt) error {
	opts = append(opts, s.stdio)
	err := survey.AskOne(p, answer, opts...)
	if errors.Is(err, terminal.InterruptErr) || errors.Is(err, io.EOF) {
		return ErrCancelled
	}
	return err
}

func (s *surveyPrompter) Input(message, def string, validate func(string) error) (string, error) {
	var answer string
	var opts []survey.AskOpt
	if validate != nil {
		opts = append(opts, survey.WithValidator(func(v any) error {
			str, _ := v.(string)
			if str == "" {
				str = def
			}
			return validate(str)
		}))
	}
	err := s.ask(&survey.Input{Message: message, Default: def}, &answer, opts...)
	if answer == "" {
		answer = def
	}
	return answer, err
}

func (s *surveyPrompter) Select(message string, options []Option, def int) (int, error) {
	labels := make([]string, len(options))
	for i, o := range options {
		labels[i] = o.Label
	}
	sel := &survey.Select{
		Message:  message,
		Options:  labels,
		PageSize: 12,
		Description: func(_ string, i int) string {
			return options[i].Note
		},
	}
	if def >= 0 && def < len(options) {
		sel.Default = labels[def]
	}
	var index int
	err := s.ask(sel, &index)
	return index, err
}

func (s *surveyPrompter) Confirm(message string, def bool) (bool, error) {
	var answer bool
	err := s.ask(&survey.Confirm{Message: message, Default: def}, &answer)
	return answer, err
}
